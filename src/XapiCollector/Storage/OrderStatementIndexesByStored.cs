using FluentMigrator;
using MicroCredLti.ServiceDefaults.Storage;

namespace MicroCredLti.XapiCollector.Storage;

/// <summary>
/// Pages of GET /statements are read newest first by stored time (xAPI 1.0.3 Part Three 2.1.3), so every filter's index
/// ends in (stored, sequence): since, until and a page's cursor are a range of it, and a page stops at its last
/// statement. The link tables keep one row per identifier (as a 16-byte key) and statement with its roles as flags, carry
/// the statement's stored time, and have no foreign key (they are written in bulk with their statements, which nothing deletes). They are
/// rebuilt empty: statements stored between the previous migration and this one are not found by the filters that use them.
/// </summary>
[Migration(2026_11_25_21, "Statement indexes ordered by stored time; link rows with roles as flags")]
internal sealed class OrderStatementIndexesByStored : PortableMigration
{
    public override void Up()
    {
        Delete.Table(XapiSchema.StatementTargets);
        Delete.Table(XapiSchema.StatementAgents);
        Delete.Table(XapiSchema.StatementActivities);
        foreach (var index in new[] { "ix_xapi_statements_actor_ifi_sequence", "ix_xapi_statements_verb_id_sequence",
                     "ix_xapi_statements_registration_sequence", "ix_xapi_statements_stored" })
            Delete.Index(index).OnTable(XapiSchema.Statements);

        Create.Index("ix_xapi_statements_stored_sequence").OnTable(XapiSchema.Statements)
            .OnColumn("stored").Ascending().OnColumn("sequence").Ascending();
        Create.Index("ix_xapi_statements_actor_ifi_stored_sequence").OnTable(XapiSchema.Statements)
            .OnColumn("actor_ifi").Ascending().OnColumn("stored").Ascending().OnColumn("sequence").Ascending();
        Create.Index("ix_xapi_statements_verb_id_stored_sequence").OnTable(XapiSchema.Statements)
            .OnColumn("verb_id").Ascending().OnColumn("stored").Ascending().OnColumn("sequence").Ascending();
        Create.Index("ix_xapi_statements_registration_stored_sequence").OnTable(XapiSchema.Statements)
            .OnColumn("registration").Ascending().OnColumn("stored").Ascending().OnColumn("sequence").Ascending();

        // The key is the one index a filter walks: an identifier's statements in page order.
        Create.Table(XapiSchema.StatementActivities)
            .WithColumn("activity_key").AsBinary(16).NotNullable().PrimaryKey($"pk_{XapiSchema.StatementActivities}")
            .WithColumn("stored").AsTimestamp(this).NotNullable().PrimaryKey($"pk_{XapiSchema.StatementActivities}")
            .WithColumn("sequence").AsInt64().NotNullable().PrimaryKey($"pk_{XapiSchema.StatementActivities}")
            .WithColumn("relations").AsInt16().NotNullable();
        Create.Table(XapiSchema.StatementAgents)
            .WithColumn("agent_key").AsBinary(16).NotNullable().PrimaryKey($"pk_{XapiSchema.StatementAgents}")
            .WithColumn("stored").AsTimestamp(this).NotNullable().PrimaryKey($"pk_{XapiSchema.StatementAgents}")
            .WithColumn("sequence").AsInt64().NotNullable().PrimaryKey($"pk_{XapiSchema.StatementAgents}")
            .WithColumn("relations").AsInt16().NotNullable();
        Create.Table(XapiSchema.StatementTargets)
            .WithColumn("sequence").AsInt64().NotNullable().PrimaryKey($"pk_{XapiSchema.StatementTargets}")
            .WithColumn("statement_id").AsUuid(this).NotNullable().PrimaryKey($"pk_{XapiSchema.StatementTargets}");
        Create.Index("ix_xapi_statement_targets_statement_id").OnTable(XapiSchema.StatementTargets).OnColumn("statement_id").Ascending();
    }

    public override void Down() => throw new NotSupportedException("The link tables are rebuilt; going back means recreating the database.");
}
