using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;

namespace MicroCredLti.LtiTool.Hosting;

/// <summary>How every module opens the one database the deployment is configured with.</summary>
public static class Database
{
    public static Action<DbContextOptionsBuilder> Configure(StorageOptions storage)
    {
        var connectionString = storage.EffectiveConnectionString;
        return storage.Provider switch
        {
            DatabaseProvider.Sqlite => options => options.UseSqlite(connectionString),
            DatabaseProvider.PostgreSql => options => options.UseNpgsql(connectionString),
            DatabaseProvider.SqlServer => options => options.UseSqlServer(connectionString),
            _ => throw new InvalidOperationException($"Unsupported database provider {storage.Provider}."),
        };
    }

    /// <summary>
    /// Hangfire keeps its queue beside the product's tables on PostgreSQL and SQL Server, and in memory on the
    /// embedded default: the sweep's cursor and awards live in the product's own tables, so a lost queue loses no work.
    /// </summary>
    public static IGlobalConfiguration UseJobStorage(this IGlobalConfiguration hangfire, StorageOptions storage) => storage.Provider switch
    {
        DatabaseProvider.Sqlite => hangfire.UseInMemoryStorage(),
        DatabaseProvider.PostgreSql => hangfire.UsePostgreSqlStorage(
            postgres => postgres.UseNpgsqlConnection(storage.EffectiveConnectionString),
            new PostgreSqlStorageOptions { SchemaName = "hangfire", QueuePollInterval = TimeSpan.FromSeconds(1), PrepareSchemaIfNecessary = true }),
        DatabaseProvider.SqlServer => hangfire.UseSqlServerStorage(storage.EffectiveConnectionString),
        _ => throw new InvalidOperationException($"Unsupported database provider {storage.Provider}."),
    };
}
