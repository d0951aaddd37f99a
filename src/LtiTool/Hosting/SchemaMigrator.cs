using System.Reflection;
using FluentMigrator.Runner;
using FluentMigrator.Runner.VersionTableInfo;
using MicroCredLti.CreditMapper.Storage;
using MicroCredLti.LtiTool.Storage;
using MicroCredLti.XapiCollector.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MicroCredLti.LtiTool.Hosting;

/// <summary>
/// Brings every module's schema up to date with its own FluentMigrator migrations and version table.
/// The same C# migrations produce each database's dialect, so one set serves SQLite, PostgreSQL and SQL Server.
/// </summary>
public sealed class SchemaMigrator(IOptions<StorageOptions> storage, ILoggerFactory loggers)
{
    private static readonly (Assembly Migrations, string VersionTable)[] Modules =
    [
        (typeof(XapiSchema).Assembly, XapiSchema.VersionTable),
        (typeof(CreditSchema).Assembly, CreditSchema.VersionTable),
        (typeof(LtiSchema).Assembly, LtiSchema.VersionTable),
    ];

    // Any fixed number: instances starting together take turns instead of racing through the same migrations.
    private const long PostgresMigrationLock = 0x4D6963726F437265;

    public void MigrateAll()
    {
        var options = storage.Value;
        var connectionString = options.EffectiveConnectionString;
        if (options.Provider == DatabaseProvider.Sqlite)
            PrepareSqliteFile(connectionString);

        using var migrationLock = options.Provider == DatabaseProvider.PostgreSql ? LockPostgres(connectionString) : null;
        foreach (var (migrations, versionTable) in Modules)
        {
            using var runner = new ServiceCollection()
                .AddSingleton(loggers)
                .AddLogging()
                .AddFluentMigratorCore()
                .ConfigureRunner(builder =>
                {
                    _ = options.Provider switch
                    {
                        DatabaseProvider.Sqlite => builder.AddSQLite(),
                        DatabaseProvider.PostgreSql => builder.AddPostgres(),
                        DatabaseProvider.SqlServer => builder.AddSqlServer(),
                        _ => throw new InvalidOperationException($"No migrations for {options.Provider}."),
                    };
                    builder.WithGlobalConnectionString(connectionString)
                        .WithVersionTable(new ModuleVersionTable(versionTable))
                        .ScanIn(migrations).For.Migrations();
                })
                .BuildServiceProvider(validateScopes: false);
            runner.GetRequiredService<IMigrationRunner>().MigrateUp();
        }
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

/// <summary>Runs the migrations when the host starts, before anything else touches the database.</summary>
internal sealed class MigrateOnStart(SchemaMigrator migrator, IOptions<StorageOptions> storage) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (storage.Value.MigrateOnStart) migrator.MigrateAll();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
