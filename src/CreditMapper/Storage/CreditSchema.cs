using FluentMigrator;
using MicroCredLti.ServiceDefaults.Storage;

namespace MicroCredLti.CreditMapper.Storage;

/// <summary>The mapper's tables, all named <c>credit_…</c>.</summary>
internal static class CreditSchema
{
    public const string Programs = "credit_programs";
    public const string Requirements = "credit_program_requirements";
    public const string Progress = "credit_requirement_progress";
    public const string Cursors = "credit_sweep_cursors";
    public const string Awards = "credit_awards";
    public const string OAuthApplications = "credit_oauth_applications";
    public const string OAuthAuthorizations = "credit_oauth_authorizations";
    public const string OAuthScopes = "credit_oauth_scopes";
    public const string OAuthTokens = "credit_oauth_tokens";

    // Shorter than EF Core's default names for them, which PostgreSQL would cut at 63 characters.
    public const string OAuthAuthorizationsApplicationKey = "fk_credit_oauth_authorizations_application_id";
    public const string OAuthAuthorizationsLookupIndex = "ix_credit_oauth_authorizations_application_status_subject_type";
    public const string OAuthTokensApplicationKey = "fk_credit_oauth_tokens_application_id";
    public const string OAuthTokensAuthorizationKey = "fk_credit_oauth_tokens_authorization_id";

    public static readonly ModuleSchema Schema = new("credit", "credit_schema_versions", [typeof(CreateCreditTables)]);
}

[Migration(2026_11_23_01, "Programs, progress, awards and the registrar's OAuth clients")]
internal sealed class CreateCreditTables : PortableMigration
{
    public override void Up()
    {
        Create.Table(CreditSchema.Programs)
            .WithColumn("id").AsUuid(this).PrimaryKey($"pk_{CreditSchema.Programs}")
            .WithColumn("slug").AsString(200).NotNullable()
            .WithColumn("title").AsString(500).NotNullable()
            .WithColumn("description").AsString(4000).Nullable()
            .WithColumn("credits").AsExactDecimal(this, 9, 2).NotNullable()
            .WithColumn("credit_unit").AsString(50).NotNullable()
            .WithColumn("level").AsString(200).NotNullable()
            .WithColumn("updated_at").AsTimestamp(this).NotNullable();
        // Unique indexes are created on their own, not with the column's .Unique(): on SQLite that would add a UNIQUE
        // constraint, a second index, besides the named one.
        Create.Index("ux_credit_programs_slug").OnTable(CreditSchema.Programs).OnColumn("slug").Ascending().WithOptions().Unique();

        Create.Table(CreditSchema.Requirements)
            .WithColumn("id").AsUuid(this).PrimaryKey($"pk_{CreditSchema.Requirements}")
            .WithColumn("program_id").AsUuid(this).NotNullable().Indexed("ix_credit_program_requirements_program_id")
                .ForeignKey("fk_credit_program_requirements_credit_programs_program_id", CreditSchema.Programs, "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("position").AsInt32().NotNullable()
            .WithColumn("activity_id").AsString(2000).NotNullable()
            .WithColumn("title").AsString(500).NotNullable()
            .WithColumn("outcome").AsString(20).NotNullable()
            .WithColumn("min_scaled_score").AsFloat(this).Nullable()
            .WithColumn("proctored").AsBoolean().NotNullable();

        Create.Table(CreditSchema.Progress)
            .WithColumn("learner_id").AsUuid(this).PrimaryKey($"pk_{CreditSchema.Progress}")
            .WithColumn("requirement_id").AsUuid(this).PrimaryKey($"pk_{CreditSchema.Progress}")
            .WithColumn("pass_statement_id").AsUuid(this).Nullable()
            .WithColumn("scaled_score").AsFloat(this).Nullable()
            .WithColumn("passed_at").AsTimestamp(this).Nullable()
            .WithColumn("proctoring_statement_id").AsUuid(this).Nullable();

        Create.Table(CreditSchema.Cursors)
            .WithColumn("name").AsString(100).PrimaryKey($"pk_{CreditSchema.Cursors}")
            .WithColumn("position").AsInt64().NotNullable()
            .WithColumn("updated_at").AsTimestamp(this).NotNullable();

        Create.Table(CreditSchema.Awards)
            .WithColumn("sequence").AsInt64().PrimaryKey($"pk_{CreditSchema.Awards}").Identity()
            .WithColumn("id").AsUuid(this).NotNullable()
            .WithColumn("program_id").AsUuid(this).NotNullable()
                .ForeignKey("fk_credit_awards_credit_programs_program_id", CreditSchema.Programs, "id")
            .WithColumn("learner_id").AsUuid(this).NotNullable()
            .WithColumn("credits").AsExactDecimal(this, 9, 2).NotNullable()
            .WithColumn("credit_unit").AsString(50).NotNullable()
            .WithColumn("level").AsString(200).NotNullable()
            .WithColumn("awarded_at").AsTimestamp(this).NotNullable()
            .WithColumn("evidence").AsString(int.MaxValue).NotNullable();
        Create.Index("ux_credit_awards_id").OnTable(CreditSchema.Awards).OnColumn("id").Ascending().WithOptions().Unique();
        // The guarantee behind "exactly once": one award per program and learner, whatever runs twice.
        Create.Index("ux_credit_awards_program_learner").OnTable(CreditSchema.Awards)
            .OnColumn("program_id").Ascending().OnColumn("learner_id").Ascending().WithOptions().Unique();

        CreateOAuthTables();
    }

    /// <summary>
    /// OpenIddict's four entities (OpenIddict.EntityFrameworkCore), as its model maps them, under this module's names:
    /// string keys (nvarchar(450) on SQL Server), UTC dates, and unique indexes on nullable columns (filtered on SQL
    /// Server). The three longest names are shortened in <see cref="CreditDbContext"/> too: PostgreSQL keeps 63 characters.
    /// </summary>
    private void CreateOAuthTables()
    {
        Create.Table(CreditSchema.OAuthApplications)
            .WithColumn("id").AsKeyString(this).PrimaryKey($"pk_{CreditSchema.OAuthApplications}")
            .WithColumn("application_type").AsString(50).Nullable()
            .WithColumn("client_id").AsString(100).Nullable()
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
        CreateUniqueIndexOnNullable("ix_credit_oauth_applications_client_id", CreditSchema.OAuthApplications, "client_id");

        Create.Table(CreditSchema.OAuthScopes)
            .WithColumn("id").AsKeyString(this).PrimaryKey($"pk_{CreditSchema.OAuthScopes}")
            .WithColumn("concurrency_token").AsString(50).Nullable()
            .WithColumn("description").AsString(int.MaxValue).Nullable()
            .WithColumn("descriptions").AsString(int.MaxValue).Nullable()
            .WithColumn("display_name").AsString(int.MaxValue).Nullable()
            .WithColumn("display_names").AsString(int.MaxValue).Nullable()
            .WithColumn("name").AsString(200).Nullable()
            .WithColumn("properties").AsString(int.MaxValue).Nullable()
            .WithColumn("resources").AsString(int.MaxValue).Nullable();
        CreateUniqueIndexOnNullable("ix_credit_oauth_scopes_name", CreditSchema.OAuthScopes, "name");

        Create.Table(CreditSchema.OAuthAuthorizations)
            .WithColumn("id").AsKeyString(this).PrimaryKey($"pk_{CreditSchema.OAuthAuthorizations}")
            .WithColumn("application_id").AsKeyString(this).Nullable()
                .ForeignKey(CreditSchema.OAuthAuthorizationsApplicationKey, CreditSchema.OAuthApplications, "id")
            .WithColumn("concurrency_token").AsString(50).Nullable()
            .WithColumn("creation_date").AsUtcDateTime(this).Nullable()
            .WithColumn("properties").AsString(int.MaxValue).Nullable()
            .WithColumn("scopes").AsString(int.MaxValue).Nullable()
            .WithColumn("status").AsString(50).Nullable()
            .WithColumn("subject").AsString(400).Nullable()
            .WithColumn("type").AsString(50).Nullable();
        Create.Index(CreditSchema.OAuthAuthorizationsLookupIndex).OnTable(CreditSchema.OAuthAuthorizations)
            .OnColumn("application_id").Ascending().OnColumn("status").Ascending().OnColumn("subject").Ascending().OnColumn("type").Ascending();

        Create.Table(CreditSchema.OAuthTokens)
            .WithColumn("id").AsKeyString(this).PrimaryKey($"pk_{CreditSchema.OAuthTokens}")
            .WithColumn("application_id").AsKeyString(this).Nullable()
                .ForeignKey(CreditSchema.OAuthTokensApplicationKey, CreditSchema.OAuthApplications, "id")
            .WithColumn("authorization_id").AsKeyString(this).Nullable()
                .ForeignKey(CreditSchema.OAuthTokensAuthorizationKey, CreditSchema.OAuthAuthorizations, "id")
            .WithColumn("concurrency_token").AsString(50).Nullable()
            .WithColumn("creation_date").AsUtcDateTime(this).Nullable()
            .WithColumn("expiration_date").AsUtcDateTime(this).Nullable()
            .WithColumn("payload").AsString(int.MaxValue).Nullable()
            .WithColumn("properties").AsString(int.MaxValue).Nullable()
            .WithColumn("redemption_date").AsUtcDateTime(this).Nullable()
            .WithColumn("reference_id").AsString(100).Nullable()
            .WithColumn("status").AsString(50).Nullable()
            .WithColumn("subject").AsString(400).Nullable()
            .WithColumn("type").AsString(150).Nullable();
        CreateUniqueIndexOnNullable("ix_credit_oauth_tokens_reference_id", CreditSchema.OAuthTokens, "reference_id");
        Create.Index("ix_credit_oauth_tokens_application_id_status_subject_type").OnTable(CreditSchema.OAuthTokens)
            .OnColumn("application_id").Ascending().OnColumn("status").Ascending().OnColumn("subject").Ascending().OnColumn("type").Ascending();
        Create.Index("ix_credit_oauth_tokens_authorization_id").OnTable(CreditSchema.OAuthTokens).OnColumn("authorization_id").Ascending();
    }

    public override void Down()
    {
        Delete.Table(CreditSchema.OAuthTokens);
        Delete.Table(CreditSchema.OAuthAuthorizations);
        Delete.Table(CreditSchema.OAuthScopes);
        Delete.Table(CreditSchema.OAuthApplications);
        Delete.Table(CreditSchema.Awards);
        Delete.Table(CreditSchema.Cursors);
        Delete.Table(CreditSchema.Progress);
        Delete.Table(CreditSchema.Requirements);
        Delete.Table(CreditSchema.Programs);
    }
}
