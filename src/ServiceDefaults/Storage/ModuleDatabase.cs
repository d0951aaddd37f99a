using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MicroCredLti.ServiceDefaults.Storage;

/// <summary>How every module's DbContext opens the deployment's one database.</summary>
public sealed class ModuleDatabase(IOptions<StorageOptions> options)
{
    private static readonly SqliteConnectionSettings SqliteSettings = new();

    public DatabaseProvider Provider => options.Value.Provider;

    public string ConnectionString => options.Value.EffectiveConnectionString;

    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder)
    {
        _ = Provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(ConnectionString).AddInterceptors(SqliteSettings),
            DatabaseProvider.PostgreSql => builder.UseNpgsql(ConnectionString),
            DatabaseProvider.SqlServer => builder.UseSqlServer(ConnectionString),
            _ => throw new InvalidOperationException($"Unsupported database provider {Provider}."),
        };
        return builder.UseSnakeCaseNamingConvention();
    }
}
