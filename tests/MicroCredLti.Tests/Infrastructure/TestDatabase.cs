using Npgsql;

namespace MicroCredLti.Tests.Infrastructure;

public enum Storage
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// A database of its own for one test: a SQLite file in a temporary directory, or a fresh PostgreSQL database on
/// the server named by MICROCRED_TEST_POSTGRES (tests/run starts one). PostgreSQL tests fail, not skip, without it.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "MICROCRED_TEST_POSTGRES";
    private const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=microcred;Password=microcred;Database=postgres";

    private readonly string? postgresName;

    private TestDatabase(Storage storage, IReadOnlyDictionary<string, string?> settings, string? postgresName)
    {
        Storage = storage;
        Settings = settings;
        this.postgresName = postgresName;
    }

    public Storage Storage { get; }

    /// <summary>The host configuration that points the product at this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public static async Task<TestDatabase> CreateAsync(Storage storage)
    {
        if (storage == Storage.Sqlite)
        {
            var directory = Directory.CreateTempSubdirectory("microcred-test-").FullName;
            return new TestDatabase(storage, new Dictionary<string, string?>
            {
                ["MicroCred:Storage:Provider"] = "Sqlite",
                ["MicroCred:Storage:DataDirectory"] = directory,
            }, null);
        }

        var name = $"microcred_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = false }.ConnectionString;
        return new TestDatabase(storage, new Dictionary<string, string?>
        {
            ["MicroCred:Storage:Provider"] = "PostgreSql",
            ["MicroCred:Storage:ConnectionString"] = connectionString,
        }, name);
    }

    private static string AdminConnectionString => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : DefaultPostgres;

    public async ValueTask DisposeAsync()
    {
        if (postgresName is null)
        {
            TryDelete(Settings["MicroCred:Storage:DataDirectory"]!);
            return;
        }
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {postgresName} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { /* a SQLite handle may linger until the pool lets go; the OS cleans temp */ }
    }
}
