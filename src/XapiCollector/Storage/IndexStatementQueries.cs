using FluentMigrator;
using MicroCredLti.ServiceDefaults.Storage;
using MicroCredLti.XapiCollector.Statements;

namespace MicroCredLti.XapiCollector.Storage;

/// <summary>
/// Every filter of GET /statements (xAPI 1.0.3 Part Three 2.1.3) becomes an index lookup: the actor's identifier, verb,
/// registration and stored time on the statement row; every Activity and every other Agent in a statement in a link
/// table of its own; and the statements a StatementRef targets. Statements stored before this migration have no link rows.
/// </summary>
[Migration(2026_11_25_20, "Statement query indexes and link tables")]
internal sealed class IndexStatementQueries : PortableMigration
{
    public override void Up()
    {
        Alter.Table(XapiSchema.Statements).AddColumn("actor_ifi").AsString(StatementIndex.KeyLength).Nullable();
        Create.Index("ix_xapi_statements_actor_ifi_sequence").OnTable(XapiSchema.Statements)
            .OnColumn("actor_ifi").Ascending().OnColumn("sequence").Ascending();
        Create.Index("ix_xapi_statements_verb_id_sequence").OnTable(XapiSchema.Statements)
            .OnColumn("verb_id").Ascending().OnColumn("sequence").Ascending();
        Create.Index("ix_xapi_statements_registration_sequence").OnTable(XapiSchema.Statements)
            .OnColumn("registration").Ascending().OnColumn("sequence").Ascending();
        Create.Index("ix_xapi_statements_stored").OnTable(XapiSchema.Statements).OnColumn("stored").Ascending();

        // Each link table's key leads with the identifier and then the sequence: the one index a filter walks, in the
        // order statements are listed. Link rows are written with their statements, in the same transaction.
        Create.Table(XapiSchema.StatementActivities)
            .WithColumn("activity_id").AsString(StatementIndex.KeyLength).NotNullable().PrimaryKey($"pk_{XapiSchema.StatementActivities}")
            .WithColumn("sequence").AsInt64().NotNullable().PrimaryKey($"pk_{XapiSchema.StatementActivities}")
            .WithColumn("relation").AsInt16().NotNullable().PrimaryKey($"pk_{XapiSchema.StatementActivities}");

        Create.Table(XapiSchema.StatementAgents)
            .WithColumn("agent_ifi").AsString(StatementIndex.KeyLength).NotNullable().PrimaryKey($"pk_{XapiSchema.StatementAgents}")
            .WithColumn("sequence").AsInt64().NotNullable().PrimaryKey($"pk_{XapiSchema.StatementAgents}")
            .WithColumn("relation").AsInt16().NotNullable().PrimaryKey($"pk_{XapiSchema.StatementAgents}");

        Create.Table(XapiSchema.StatementTargets)
            .WithColumn("sequence").AsInt64().NotNullable().PrimaryKey($"pk_{XapiSchema.StatementTargets}")
            .WithColumn("statement_id").AsUuid(this).NotNullable().PrimaryKey($"pk_{XapiSchema.StatementTargets}");
        Create.Index("ix_xapi_statement_targets_statement_id").OnTable(XapiSchema.StatementTargets)
            .OnColumn("statement_id").Ascending();
    }

    public override void Down()
    {
        Delete.Table(XapiSchema.StatementTargets);
        Delete.Table(XapiSchema.StatementAgents);
        Delete.Table(XapiSchema.StatementActivities);
        Delete.Index("ix_xapi_statements_stored").OnTable(XapiSchema.Statements);
        Delete.Index("ix_xapi_statements_registration_sequence").OnTable(XapiSchema.Statements);
        Delete.Index("ix_xapi_statements_verb_id_sequence").OnTable(XapiSchema.Statements);
        Delete.Index("ix_xapi_statements_actor_ifi_sequence").OnTable(XapiSchema.Statements);
        Delete.Column("actor_ifi").FromTable(XapiSchema.Statements);
    }
}
