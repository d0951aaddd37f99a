using FluentMigrator;
using MicroCredLti.ServiceDefaults.Storage;

namespace MicroCredLti.XapiCollector.Storage;

/// <summary>The collector's tables. Every name starts with <c>xapi_</c>, so the module's schema stays its own.</summary>
internal static class XapiSchema
{
    public const string Statements = "xapi_statements";
    public const string Learners = "xapi_learners";
    public const string LearnerAccounts = "xapi_learner_accounts";
    public const string Credentials = "xapi_credentials";
    public const string Documents = "xapi_documents";
    public const string Activities = "xapi_activities";
    public const string Attachments = "xapi_attachments";
    public const string StatementActivities = "xapi_statement_activities";
    public const string StatementAgents = "xapi_statement_agents";
    public const string StatementTargets = "xapi_statement_targets";
    public const string Erasures = "xapi_erasures";

    public static readonly ModuleSchema Schema = new("xapi", "xapi_schema_versions",
    [
        typeof(CreateCollectorTables),
        typeof(CreateDocumentTables),
        typeof(IndexStatementQueries),
        typeof(OrderStatementIndexesByStored),
        typeof(CreateAttachmentTable),
        typeof(AddClientRepairs),
        typeof(AddClientScopes),
        typeof(IndexVerbAndActivity),
        typeof(CreateErasureAudit),
    ]);
}

[Migration(2026_11_23_01, "Statements, learners and LRS credentials")]
internal sealed class CreateCollectorTables : PortableMigration
{
    public override void Up()
    {
        Create.Table(XapiSchema.Learners)
            .WithColumn("id").AsUuid(this).PrimaryKey($"pk_{XapiSchema.Learners}")
            .WithColumn("student_id").AsString(200).Nullable()
            .WithColumn("created_at").AsTimestamp(this).NotNullable();
        // Filtered, because SQL Server lets a plain unique index hold one NULL only, and most learners have no student id
        // yet. The statement reads the same in all three dialects.
        Execute.Sql($"CREATE UNIQUE INDEX ux_xapi_learners_student_id ON {XapiSchema.Learners} (student_id) WHERE student_id IS NOT NULL");

        Create.Table(XapiSchema.LearnerAccounts)
            .WithColumn("identifier").AsString(900).PrimaryKey($"pk_{XapiSchema.LearnerAccounts}")
            .WithColumn("learner_id").AsUuid(this).NotNullable().Indexed("ix_xapi_learner_accounts_learner_id")
            .WithColumn("created_at").AsTimestamp(this).NotNullable();

        Create.Table(XapiSchema.Statements)
            .WithColumn("sequence").AsInt64().PrimaryKey($"pk_{XapiSchema.Statements}").Identity()
            .WithColumn("statement_id").AsUuid(this).NotNullable()
            .WithColumn("learner_id").AsUuid(this).Nullable()
            .WithColumn("verb_id").AsString(2000).NotNullable()
            .WithColumn("activity_id").AsString(2000).Nullable()
            .WithColumn("registration").AsUuid(this).Nullable()
            .WithColumn("voided").AsBoolean().NotNullable()
            .WithColumn("timestamp").AsTimestamp(this).NotNullable()
            .WithColumn("stored").AsTimestamp(this).NotNullable()
            .WithColumn("payload").AsString(int.MaxValue).NotNullable();
        // Not the column's .Unique(): on SQLite that adds a UNIQUE constraint, a second index, besides the named one.
        Create.Index("ux_xapi_statements_statement_id").OnTable(XapiSchema.Statements)
            .OnColumn("statement_id").Ascending().WithOptions().Unique();
        Create.Index("ix_xapi_statements_learner_id_sequence").OnTable(XapiSchema.Statements)
            .OnColumn("learner_id").Ascending().OnColumn("sequence").Ascending();

        Create.Table(XapiSchema.Credentials)
            .WithColumn("key").AsString(200).PrimaryKey($"pk_{XapiSchema.Credentials}")
            .WithColumn("name").AsString(200).NotNullable()
            .WithColumn("secret_hash").AsString(200).NotNullable()
            .WithColumn("created_at").AsTimestamp(this).NotNullable();
    }

    public override void Down()
    {
        Delete.Table(XapiSchema.Credentials);
        Delete.Table(XapiSchema.Statements);
        Delete.Table(XapiSchema.LearnerAccounts);
        Delete.Table(XapiSchema.Learners);
    }
}

[Migration(2026_11_25_40, "Repair profiles per LRS client")]
internal sealed class AddClientRepairs : PortableMigration
{
    public override void Up() => Alter.Table(XapiSchema.Credentials).AddColumn("repairs").AsString(200).Nullable();

    public override void Down() => Delete.Column("repairs").FromTable(XapiSchema.Credentials);
}

[Migration(2026_11_25_41, "Scopes and revocation per LRS client")]
internal sealed class AddClientScopes : PortableMigration
{
    public override void Up()
    {
        Alter.Table(XapiSchema.Credentials).AddColumn("scopes").AsString(500).Nullable();
        Alter.Table(XapiSchema.Credentials).AddColumn("revoked_at").AsTimestamp(this).Nullable();
    }

    public override void Down()
    {
        Delete.Column("revoked_at").FromTable(XapiSchema.Credentials);
        Delete.Column("scopes").FromTable(XapiSchema.Credentials);
    }
}

[Migration(2026_11_25_30, "Attachment content, keyed by SHA-2")]
internal sealed class CreateAttachmentTable : PortableMigration
{
    public override void Up()
    {
        Create.Table(XapiSchema.Attachments)
            .WithColumn("sha2").AsString(128).PrimaryKey($"pk_{XapiSchema.Attachments}")
            .WithColumn("content_type").AsString(int.MaxValue).NotNullable()
            .WithColumn("length").AsInt64().NotNullable()
            .WithColumn("content").AsBinary(int.MaxValue).NotNullable()
            .WithColumn("stored_at").AsTimestamp(this).NotNullable();
    }

    public override void Down() => Delete.Table(XapiSchema.Attachments);
}

[Migration(2026_11_25_60, "The audit of erasures and retention purges")]
internal sealed class CreateErasureAudit : PortableMigration
{
    public override void Up()
    {
        Create.Table(XapiSchema.Erasures)
            .WithColumn("id").AsUuid(this).PrimaryKey($"pk_{XapiSchema.Erasures}")
            .WithColumn("kind").AsString(20).NotNullable()
            .WithColumn("subject").AsString(200).NotNullable()
            .WithColumn("requested_by").AsString(200).NotNullable()
            .WithColumn("reason").AsString(500).Nullable()
            .WithColumn("dry_run").AsBoolean().NotNullable()
            .WithColumn("forced").AsBoolean().NotNullable()
            .WithColumn("statements").AsInt32().NotNullable()
            .WithColumn("documents").AsInt32().NotNullable()
            .WithColumn("learner_accounts").AsInt32().NotNullable()
            .WithColumn("cited_statements").AsInt32().NotNullable()
            .WithColumn("at").AsTimestamp(this).NotNullable().Indexed("ix_xapi_erasures_at");
    }

    public override void Down() => Delete.Table(XapiSchema.Erasures);
}
