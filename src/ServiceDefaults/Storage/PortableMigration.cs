using FluentMigrator;
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
}

/// <summary>
/// Column types written so that each database stores what EF Core reads and writes there: on SQLite, EF Core keeps
/// GUIDs, decimals and offsets as text, so the columns say TEXT (and get text affinity) rather than FluentMigrator's
/// UNIQUEIDENTIFIER or NUMERIC, which SQLite would read as numeric affinity.
/// </summary>
public static class PortableColumns
{
    /// <summary>timestamptz on PostgreSQL, datetimeoffset on SQL Server, ISO 8601 text on SQLite.</summary>
    public static ICreateTableColumnOptionOrWithColumnSyntax AsTimestamp(this ICreateTableColumnAsTypeSyntax column, PortableMigration migration) =>
        migration.IsSqlite ? column.AsCustom("TEXT") : column.AsDateTimeOffset();

    /// <summary>uuid on PostgreSQL, uniqueidentifier on SQL Server, text on SQLite.</summary>
    public static ICreateTableColumnOptionOrWithColumnSyntax AsUuid(this ICreateTableColumnAsTypeSyntax column, PortableMigration migration) =>
        migration.IsSqlite ? column.AsCustom("TEXT") : column.AsGuid();

    /// <summary>An exact decimal: numeric on PostgreSQL and SQL Server, text on SQLite (EF Core keeps decimals exact as text there).</summary>
    public static ICreateTableColumnOptionOrWithColumnSyntax AsExactDecimal(this ICreateTableColumnAsTypeSyntax column, PortableMigration migration,
        int precision, int scale) =>
        migration.IsSqlite ? column.AsCustom("TEXT") : column.AsDecimal(precision, scale);
}
