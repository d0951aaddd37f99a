using Hangfire;
using Hangfire.PostgreSql;
using MicroCredLti.ServiceDefaults.Storage;

namespace MicroCredLti.Host.Hosting;

internal static class JobStorage
{
    /// <summary>
    /// Hangfire keeps its queue beside the product's tables on PostgreSQL and SQL Server, and in memory on the
    /// embedded default: the sweep's cursor and awards live in the product's own tables, so a lost queue loses no work.
    /// </summary>
    public static IGlobalConfiguration UseJobStorage(this IGlobalConfiguration hangfire, ModuleDatabase database) => database.Provider switch
    {
        DatabaseProvider.Sqlite => hangfire.UseInMemoryStorage(),
        DatabaseProvider.PostgreSql => hangfire.UsePostgreSqlStorage(
            postgres => postgres.UseNpgsqlConnection(database.ConnectionString),
            new PostgreSqlStorageOptions { SchemaName = "hangfire", QueuePollInterval = TimeSpan.FromSeconds(1), PrepareSchemaIfNecessary = true }),
        DatabaseProvider.SqlServer => hangfire.UseSqlServerStorage(database.ConnectionString),
        _ => throw new InvalidOperationException($"Unsupported database provider {database.Provider}."),
    };
}
