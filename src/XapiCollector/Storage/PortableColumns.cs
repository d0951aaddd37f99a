using FluentMigrator;
using FluentMigrator.Builders.Create.Table;
using FluentMigrator.Infrastructure;

namespace MicroCredLti.XapiCollector.Storage;

/// <summary>
/// A migration that can ask which database it runs on, for the column types FluentMigrator has no single type for.
/// Every module's migrations derive from it.
/// </summary>
public abstract class PortableMigration : Migration
{
    /// <summary>FluentMigrator's name for the database being migrated, e.g. "SQLite" or "Postgres".</summary>
    public string DatabaseType { get; private set; } = "";

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

public static class PortableColumns
{
    /// <summary>
    /// A point in time with its offset: timestamptz on PostgreSQL, datetimeoffset on SQL Server, and on SQLite
    /// (whose FluentMigrator dialect has no such type) the ISO 8601 text EF Core writes there.
    /// </summary>
    public static ICreateTableColumnOptionOrWithColumnSyntax AsTimestamp(this ICreateTableColumnAsTypeSyntax column, PortableMigration migration) =>
        migration.DatabaseType.StartsWith("SQLite", StringComparison.OrdinalIgnoreCase) ? column.AsString(48) : column.AsDateTimeOffset();
}
