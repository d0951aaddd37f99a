using Microsoft.Extensions.Options;

namespace MicroCredLti.ServiceDefaults.Storage;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>The one database every module of a deployment keeps its tables in.</summary>
public sealed class StorageOptions
{
    public const string Section = "MicroCred:Storage";

    /// <summary>SQLite is the embedded default; PostgreSQL is the production store; SQL Server is supported.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Required for PostgreSQL and SQL Server; for SQLite defaults to a file in <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    public string DataDirectory { get; set; } = "data";

    /// <summary>Apply schema migrations when the host starts. Turn off where a separate `migrate` step runs them.</summary>
    public bool MigrateOnStart { get; set; } = true;

    public string EffectiveConnectionString => Provider switch
    {
        DatabaseProvider.Sqlite when string.IsNullOrWhiteSpace(ConnectionString) =>
            $"Data Source={Path.Combine(Path.GetFullPath(DataDirectory), "microcred.db")};Default Timeout=30",
        _ when string.IsNullOrWhiteSpace(ConnectionString) =>
            throw new InvalidOperationException($"{Section}:ConnectionString is required for {Provider}."),
        _ => ConnectionString!,
    };
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Provider))
            failures.Add($"{StorageOptions.Section}:Provider '{options.Provider}' is not one of Sqlite, PostgreSql or SqlServer.");
        if (options.Provider != DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(options.ConnectionString))
            failures.Add($"{StorageOptions.Section}:ConnectionString is required for {options.Provider}.");
        if (options.Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(options.ConnectionString)
            && string.IsNullOrWhiteSpace(options.DataDirectory))
            failures.Add($"{StorageOptions.Section}:DataDirectory must name a directory when no SQLite ConnectionString is given.");
        if (!string.IsNullOrWhiteSpace(options.ConnectionString) && ConnectionStringError(options) is { } error)
            failures.Add($"{StorageOptions.Section}:ConnectionString is not a valid {options.Provider} connection string: {error}");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? ConnectionStringError(StorageOptions options)
    {
        try
        {
            _ = options.Provider switch
            {
                DatabaseProvider.Sqlite => new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).ConnectionString,
                DatabaseProvider.PostgreSql => new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString).ConnectionString,
                DatabaseProvider.SqlServer => new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(options.ConnectionString).ConnectionString,
                _ => "",
            };
            return null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            return e.Message;
        }
    }
}
