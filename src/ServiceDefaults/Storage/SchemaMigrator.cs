using FluentMigrator.Runner;
using FluentMigrator.Runner.Initialization;
using FluentMigrator.Runner.VersionTableInfo;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MicroCredLti.ServiceDefaults.Storage;

/// <summary>
/// Brings every registered module's schema up to date with its own FluentMigrator migrations and version table.
/// The same C# migrations produce each database's dialect, so one set serves SQLite, PostgreSQL and SQL Server.
/// </summary>
public sealed class SchemaMigrator(IOptions<StorageOptions> storage, IEnumerable<ModuleSchema> schemas, ILoggerFactory loggers)
{
    // Any fixed number: instances starting together take turns instead of racing through the same migrations.
    private const long PostgresMigrationLock = 0x4D6963726F437265;

    public IReadOnlyList<ModuleSchema> Schemas { get; } = schemas.ToList();

    public void MigrateAll()
    {
        var options = storage.Value;
        var connectionString = options.EffectiveConnectionString;
        if (options.Provider == DatabaseProvider.Sqlite)
            PrepareSqliteFile(connectionString);

        using var migrationLock = options.Provider == DatabaseProvider.PostgreSql ? LockPostgres(connectionString) : null;
        foreach (var schema in Schemas)
        {
            using var runner = Runner(options.Provider, connectionString, schema, loggers);
            runner.GetRequiredService<IMigrationRunner>().MigrateUp();
        }
    }

    /// <summary>A FluentMigrator runner for one module's migrations on the given database.</summary>
    internal static ServiceProvider Runner(DatabaseProvider provider, string connectionString, ModuleSchema schema, ILoggerFactory loggers,
        Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection()
            .AddSingleton(loggers)
            .AddLogging()
            .AddFluentMigratorCore()
            .AddSingleton<IMigrationSourceItem>(new ListedMigrations(schema.Migrations))
            .ConfigureRunner(builder =>
            {
                _ = provider switch
                {
                    DatabaseProvider.Sqlite => builder.AddSQLite(),
                    DatabaseProvider.PostgreSql => builder.AddPostgres(),
                    DatabaseProvider.SqlServer => builder.AddSqlServer(),
                    _ => throw new InvalidOperationException($"No migrations for {provider}."),
                };
                builder.WithGlobalConnectionString(connectionString).WithVersionTable(new ModuleVersionTable(schema.VersionTable));
            });
        configure?.Invoke(services);
        return services.BuildServiceProvider(validateScopes: false);
    }

    private static void PrepareSqliteFile(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } directory) Directory.CreateDirectory(directory);
        // Write-ahead logging lets the LRS read while the sweep writes; the setting stays with the file.
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    private static NpgsqlConnection LockPostgres(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgresMigrationLock})", connection);
        command.ExecuteNonQuery();
        return connection; // closing the session releases the lock
    }

    /// <summary>The module's own list of migrations: FluentMigrator would otherwise only find public types.</summary>
    private sealed class ListedMigrations(IReadOnlyList<Type> migrations) : IMigrationSourceItem
    {
        public IEnumerable<Type> MigrationTypeCandidates => migrations;
    }

    private sealed class ModuleVersionTable(string tableName) : IVersionTableMetaData
    {
        public bool OwnsSchema => false;
        public string SchemaName => "";
        public string TableName => tableName;
        public string ColumnName => "version";
        public string DescriptionColumnName => "description";
        public string UniqueIndexName => $"ux_{tableName}_version";
        public string AppliedOnColumnName => "applied_on";
        public bool CreateWithPrimaryKey => false;
    }
}

/// <summary>
/// When the host starts, before anything else touches the database: migrates every module's schema (unless a separate
/// `migrate` step does that), then runs the modules' seeders in the order they registered.
/// </summary>
internal sealed class StorageStartup(SchemaMigrator migrator, IOptions<StorageOptions> storage, IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (storage.Value.MigrateOnStart) migrator.MigrateAll();
        await using var scope = scopes.CreateAsyncScope();
        foreach (var seeder in scope.ServiceProvider.GetServices<IModuleSeeder>())
            await seeder.SeedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
