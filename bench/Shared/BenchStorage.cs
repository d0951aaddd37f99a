using Microsoft.Data.Sqlite;
using Npgsql;

namespace MicroCredLti.Bench;

/// <summary>A fresh SQLite directory, or a fresh PostgreSQL database when a connection string is given; removed afterwards.</summary>
internal sealed class BenchStorage : IAsyncDisposable
{
    private readonly Func<Task> cleanUp;

    private BenchStorage(string provider, IReadOnlyDictionary<string, string> settings, Func<Task> cleanUp) =>
        (Provider, Settings, this.cleanUp) = (provider, settings, cleanUp);

    public string Provider { get; }
    public IReadOnlyDictionary<string, string> Settings { get; }
    public bool IsPostgreSql => Provider == "PostgreSql";

    /// <summary>PostgreSQL when <c>MICROCRED_BENCH_POSTGRES</c> holds a connection string, SQLite otherwise.</summary>
    public static Task<BenchStorage> FromEnvironmentAsync() => CreateAsync(Environment.GetEnvironmentVariable("MICROCRED_BENCH_POSTGRES"));

    public static async Task<BenchStorage> CreateAsync(string? postgres)
    {
        var name = $"microcred_bench_{Guid.NewGuid():N}"[..24];
        if (string.IsNullOrWhiteSpace(postgres))
        {
            var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), name)).FullName;
            return new BenchStorage("Sqlite", new Dictionary<string, string>
            {
                ["MicroCred:Storage:Provider"] = "Sqlite",
                ["MicroCred:Storage:DataDirectory"] = directory,
            }, () =>
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
                return Task.CompletedTask;
            });
        }

        var maintenance = new NpgsqlConnectionStringBuilder(postgres) { Database = "postgres" }.ConnectionString;
        await ExecuteAsync(maintenance, $"CREATE DATABASE {name}");
        return new BenchStorage("PostgreSql", new Dictionary<string, string>
        {
            ["MicroCred:Storage:Provider"] = "PostgreSql",
            ["MicroCred:Storage:ConnectionString"] = new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ConnectionString,
        }, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(maintenance, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        });
    }

    public async ValueTask DisposeAsync() => await cleanUp();

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
