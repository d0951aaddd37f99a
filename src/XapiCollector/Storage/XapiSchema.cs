using FluentMigrator;

namespace MicroCredLti.XapiCollector.Storage;

/// <summary>The collector's tables. Every name starts with <c>xapi_</c>, so the module's schema stays its own.</summary>
public static class XapiSchema
{
    public const string Statements = "xapi_statements";
    public const string Learners = "xapi_learners";
    public const string LearnerAccounts = "xapi_learner_accounts";
    public const string Credentials = "xapi_credentials";

    /// <summary>Where the host's migration runner records which of this module's migrations ran.</summary>
    public const string VersionTable = "xapi_schema_versions";
}

[Migration(2026_11_23_01, "Statements, learners and LRS credentials")]
public sealed class CreateCollectorTables : PortableMigration
{
    public override void Up()
    {
        Create.Table(XapiSchema.Learners)
            .WithColumn("id").AsGuid().PrimaryKey()
            .WithColumn("student_id").AsString(200).Nullable().Unique()
            .WithColumn("created_at").AsTimestamp(this).NotNullable();

        Create.Table(XapiSchema.LearnerAccounts)
            .WithColumn("identifier").AsString(900).PrimaryKey()
            .WithColumn("learner_id").AsGuid().NotNullable().Indexed()
            .WithColumn("created_at").AsTimestamp(this).NotNullable();

        Create.Table(XapiSchema.Statements)
            .WithColumn("sequence").AsInt64().PrimaryKey().Identity()
            .WithColumn("statement_id").AsGuid().NotNullable().Unique()
            .WithColumn("learner_id").AsGuid().Nullable()
            .WithColumn("verb_id").AsString(2000).NotNullable()
            .WithColumn("activity_id").AsString(2000).Nullable()
            .WithColumn("activity_type").AsString(2000).Nullable()
            .WithColumn("parent_activity_id").AsString(2000).Nullable()
            .WithColumn("success").AsBoolean().Nullable()
            .WithColumn("scaled_score").AsDouble().Nullable()
            .WithColumn("registration").AsGuid().Nullable()
            .WithColumn("voided").AsBoolean().NotNullable()
            .WithColumn("timestamp").AsTimestamp(this).NotNullable()
            .WithColumn("stored").AsTimestamp(this).NotNullable()
            .WithColumn("payload").AsString(int.MaxValue).NotNullable();

        Create.Index("ix_xapi_statements_learner").OnTable(XapiSchema.Statements)
            .OnColumn("learner_id").Ascending().OnColumn("sequence").Ascending();

        Create.Table(XapiSchema.Credentials)
            .WithColumn("key").AsString(200).PrimaryKey()
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
