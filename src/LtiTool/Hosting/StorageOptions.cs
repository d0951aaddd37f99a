namespace MicroCredLti.LtiTool.Hosting;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

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
