using FluentMigrator;
using MicroCredLti.XapiCollector.Storage;

namespace MicroCredLti.CreditMapper.Storage;

/// <summary>The mapper's tables, all named <c>credit_…</c>.</summary>
public static class CreditSchema
{
    public const string Programs = "credit_programs";
    public const string Requirements = "credit_program_requirements";
    public const string Progress = "credit_requirement_progress";
    public const string Cursors = "credit_sweep_cursors";
    public const string Awards = "credit_awards";
    public const string RegistrarKeys = "credit_registrar_keys";
    public const string OAuthApplications = "credit_oauth_applications";

    /// <summary>Where the host's migration runner records which of this module's migrations ran.</summary>
    public const string VersionTable = "credit_schema_versions";
}

[Migration(2026_11_23_01, "Programs, progress, awards and registrar clients")]
public sealed class CreateCreditTables : PortableMigration
{
    public override void Up()
    {
        Create.Table(CreditSchema.Programs)
            .WithColumn("id").AsGuid().PrimaryKey()
            .WithColumn("slug").AsString(200).NotNullable().Unique()
            .WithColumn("title").AsString(500).NotNullable()
            .WithColumn("description").AsString(4000).Nullable()
            .WithColumn("credits").AsDecimal(9, 2).NotNullable()
            .WithColumn("credit_unit").AsString(50).NotNullable()
            .WithColumn("level").AsString(200).NotNullable()
            .WithColumn("updated_at").AsTimestamp(this).NotNullable();

        Create.Table(CreditSchema.Requirements)
            .WithColumn("id").AsGuid().PrimaryKey()
            .WithColumn("program_id").AsGuid().NotNullable().ForeignKey("fk_requirements_program", CreditSchema.Programs, "id")
            .WithColumn("position").AsInt32().NotNullable()
            .WithColumn("activity_id").AsString(2000).NotNullable()
            .WithColumn("title").AsString(500).NotNullable()
            .WithColumn("outcome").AsString(20).NotNullable()
            .WithColumn("min_scaled_score").AsDouble().Nullable()
            .WithColumn("proctored").AsBoolean().NotNullable();

        Create.Table(CreditSchema.Progress)
            .WithColumn("learner_id").AsGuid().PrimaryKey()
            .WithColumn("requirement_id").AsGuid().PrimaryKey()
            .WithColumn("pass_statement_id").AsGuid().Nullable()
            .WithColumn("scaled_score").AsDouble().Nullable()
            .WithColumn("passed_at").AsTimestamp(this).Nullable()
            .WithColumn("proctoring_statement_id").AsGuid().Nullable();

        Create.Table(CreditSchema.Cursors)
            .WithColumn("name").AsString(100).PrimaryKey()
            .WithColumn("position").AsInt64().NotNullable()
            .WithColumn("updated_at").AsTimestamp(this).NotNullable();

        Create.Table(CreditSchema.Awards)
            .WithColumn("sequence").AsInt64().PrimaryKey().Identity()
            .WithColumn("id").AsGuid().NotNullable().Unique()
            .WithColumn("program_id").AsGuid().NotNullable().ForeignKey("fk_awards_program", CreditSchema.Programs, "id")
            .WithColumn("learner_id").AsGuid().NotNullable()
            .WithColumn("credits").AsDecimal(9, 2).NotNullable()
            .WithColumn("credit_unit").AsString(50).NotNullable()
            .WithColumn("level").AsString(200).NotNullable()
            .WithColumn("awarded_at").AsTimestamp(this).NotNullable()
            .WithColumn("evidence").AsString(int.MaxValue).NotNullable();
        // The guarantee behind "exactly once": one award per program and learner, whatever runs twice.
        Create.Index("ux_credit_awards_program_learner").OnTable(CreditSchema.Awards)
            .OnColumn("program_id").Ascending().OnColumn("learner_id").Ascending().WithOptions().Unique();

        Create.Table(CreditSchema.RegistrarKeys)
            .WithColumn("key_id").AsString(100).PrimaryKey()
            .WithColumn("purpose").AsString(20).NotNullable()
            .WithColumn("private_key_pem").AsString(int.MaxValue).NotNullable()
            .WithColumn("created_at").AsTimestamp(this).NotNullable();

        // OpenIddict's application entity (OpenIddict.EntityFrameworkCore), under this module's name.
        Create.Table(CreditSchema.OAuthApplications)
            .WithColumn("id").AsString(100).PrimaryKey()
            .WithColumn("application_type").AsString(50).Nullable()
            .WithColumn("client_id").AsString(100).Nullable().Unique()
            .WithColumn("client_secret").AsString(int.MaxValue).Nullable()
            .WithColumn("client_type").AsString(50).Nullable()
            .WithColumn("concurrency_token").AsString(50).Nullable()
            .WithColumn("consent_type").AsString(50).Nullable()
            .WithColumn("display_name").AsString(int.MaxValue).Nullable()
            .WithColumn("display_names").AsString(int.MaxValue).Nullable()
            .WithColumn("json_web_key_set").AsString(int.MaxValue).Nullable()
            .WithColumn("permissions").AsString(int.MaxValue).Nullable()
            .WithColumn("post_logout_redirect_uris").AsString(int.MaxValue).Nullable()
            .WithColumn("properties").AsString(int.MaxValue).Nullable()
            .WithColumn("redirect_uris").AsString(int.MaxValue).Nullable()
            .WithColumn("requirements").AsString(int.MaxValue).Nullable()
            .WithColumn("settings").AsString(int.MaxValue).Nullable();
    }

    public override void Down()
    {
        Delete.Table(CreditSchema.OAuthApplications);
        Delete.Table(CreditSchema.RegistrarKeys);
        Delete.Table(CreditSchema.Awards);
        Delete.Table(CreditSchema.Cursors);
        Delete.Table(CreditSchema.Progress);
        Delete.Table(CreditSchema.Requirements);
        Delete.Table(CreditSchema.Programs);
    }
}
