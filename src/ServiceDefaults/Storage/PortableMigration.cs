using FluentMigrator;
using FluentMigrator.Builders;
using FluentMigrator.Builders.Create.Table;
using FluentMigrator.Infrastructure;

namespace MicroCredLti.ServiceDefaults.Storage;

/// <summary>
/// A migration that can ask which database it runs on, for the column types FluentMigrator has no single type for.
/// Every module's migrations derive from it.
/// </summary>
public abstract class PortableMigration : Migration
{
    /// <summary>FluentMigrator's name for the database being migrated, e.g. "SQLite" or "Postgres".</summary>
    public string DatabaseType { get; private set; } = "";

    public bool IsSqlite => DatabaseType.StartsWith("SQLite", StringComparison.OrdinalIgnoreCase);

    public bool IsSqlServer => DatabaseType.StartsWith("SqlServer", StringComparison.OrdinalIgnoreCase);

    public override void GetUpExpressions(IMigrationContext context)
    {
        DatabaseType = context.QuerySchema.DatabaseType;
        base.GetUpExpressions(context);
    }

    public override void GetDownExpressions(IMigrationContext context)
    {
        DatabaseType = context.QuerySchema.DatabaseType;
        base.GetDownExpressions(context);
    }

    /// <summary>
    /// A unique index on a nullable column, as EF Core maps one on each database: SQL Server would let a plain unique
    /// index hold a single NULL, so there (and only there, as in EF Core's SQL Server model) it covers non-null values.
    /// </summary>
    protected void CreateUniqueIndexOnNullable(string name, string table, string column)
    {
        if (IsSqlServer)
            Execute.Sql($"CREATE UNIQUE INDEX {name} ON {table} ({column}) WHERE {column} IS NOT NULL");
        else
            Create.Index(name).OnTable(table).OnColumn(column).Ascending().WithOptions().Unique();
    }
}

/// <summary>
/// Column types written so that each database stores what EF Core reads and writes there: on SQLite, EF Core keeps
/// GUIDs, decimals and offsets as text, so the columns say TEXT (and get text affinity) rather than FluentMigrator's
/// UNIQUEIDENTIFIER or NUMERIC, which SQLite would read as numeric affinity.
/// </summary>
public static class PortableColumns
{
    /// <summary>timestamptz on PostgreSQL, datetimeoffset on SQL Server, ISO 8601 text on SQLite.</summary>
    public static TNext AsTimestamp<TNext>(this IColumnTypeSyntax<TNext> column, PortableMigration migration)
        where TNext : FluentMigrator.Infrastructure.IFluentSyntax =>
        migration.IsSqlite ? column.AsCustom("TEXT") : column.AsDateTimeOffset();

    /// <summary>uuid on PostgreSQL, uniqueidentifier on SQL Server, text on SQLite.</summary>
    public static TNext AsUuid<TNext>(this IColumnTypeSyntax<TNext> column, PortableMigration migration)
        where TNext : FluentMigrator.Infrastructure.IFluentSyntax =>
        migration.IsSqlite ? column.AsCustom("TEXT") : column.AsGuid();

    /// <summary>
    /// A <see cref="DateTime"/> EF Core keeps in UTC: timestamptz on PostgreSQL (Npgsql's mapping for DateTime), datetime2
    /// on SQL Server, ISO 8601 text on SQLite. FluentMigrator's AsDateTime gives timestamp without time zone on
    /// PostgreSQL, the coarser DATETIME on SQL Server, and DATETIME (numeric affinity) on SQLite.
    /// </summary>
    public static TNext AsUtcDateTime<TNext>(this IColumnTypeSyntax<TNext> column, PortableMigration migration)
        where TNext : FluentMigrator.Infrastructure.IFluentSyntax =>
        migration.IsSqlite ? column.AsCustom("TEXT")
        : migration.IsSqlServer ? column.AsDateTime2()
        : column.AsCustom("timestamp with time zone");

    /// <summary>A double: double precision on PostgreSQL, float on SQL Server, REAL on SQLite (not FluentMigrator's NUMERIC, which stores 1.0 as the integer 1).</summary>
    public static TNext AsFloat<TNext>(this IColumnTypeSyntax<TNext> column, PortableMigration migration)
        where TNext : FluentMigrator.Infrastructure.IFluentSyntax =>
        migration.IsSqlite ? column.AsCustom("REAL") : column.AsDouble();

    /// <summary>
    /// A string without a maximum length that is a key, a foreign key or indexed: text elsewhere, but nvarchar(450) on
    /// SQL Server, as EF Core maps such strings there (nvarchar(max) cannot be an index key).
    /// </summary>
    public static TNext AsKeyString<TNext>(this IColumnTypeSyntax<TNext> column, PortableMigration migration)
        where TNext : FluentMigrator.Infrastructure.IFluentSyntax =>
        migration.IsSqlServer ? column.AsString(450) : column.AsString(int.MaxValue);

    /// <summary>An exact decimal: numeric on PostgreSQL and SQL Server, text on SQLite (EF Core keeps decimals exact as text there).</summary>
    public static TNext AsExactDecimal<TNext>(this IColumnTypeSyntax<TNext> column, PortableMigration migration,
        int precision, int scale)
        where TNext : FluentMigrator.Infrastructure.IFluentSyntax =>
        migration.IsSqlite ? column.AsCustom("TEXT") : column.AsDecimal(precision, scale);
}
