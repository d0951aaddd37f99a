using FluentMigrator;
using MicroCredLti.ServiceDefaults.Storage;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace MicroCredLti.ServiceDefaults.ApiAccess;

/// <summary>OpenIddict's stores (applications, authorizations, scopes, tokens) over the <c>api_oauth_…</c> tables.</summary>
internal sealed class ApiAccessDbContext(DbContextOptions<ApiAccessDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder model)
    {
        model.UseOpenIddict();
        model.Entity<OpenIddictEntityFrameworkCoreApplication>().ToTable(ApiAccessSchema.Applications);
        // Named as the migration names them, on every database, rather than as EF Core would derive them.
        model.Entity<OpenIddictEntityFrameworkCoreAuthorization>(e =>
        {
            e.ToTable(ApiAccessSchema.Authorizations);
            e.HasOne(a => a.Application).WithMany(a => a.Authorizations).HasConstraintName(ApiAccessSchema.AuthorizationsApplicationKey);
            e.HasIndex("ApplicationId", "Status", "Subject", "Type").HasDatabaseName(ApiAccessSchema.AuthorizationsLookupIndex);
        });
        model.Entity<OpenIddictEntityFrameworkCoreScope>().ToTable(ApiAccessSchema.Scopes);
        model.Entity<OpenIddictEntityFrameworkCoreToken>(e =>
        {
            e.ToTable(ApiAccessSchema.Tokens);
            e.HasOne(t => t.Application).WithMany(a => a.Tokens).HasConstraintName(ApiAccessSchema.TokensApplicationKey);
            e.HasOne(t => t.Authorization).WithMany(a => a.Tokens).HasConstraintName(ApiAccessSchema.TokensAuthorizationKey);
        });
    }
}

/// <summary>The token server's tables, all named <c>api_oauth_…</c>.</summary>
internal static class ApiAccessSchema
{
    public const string Applications = "api_oauth_applications";
    public const string Authorizations = "api_oauth_authorizations";
    public const string Scopes = "api_oauth_scopes";
    public const string Tokens = "api_oauth_tokens";

    // EF Core's default names for these are long enough to be cut at PostgreSQL's 63 characters under a longer prefix;
    // fixed names keep them the same whatever the prefix.
    public const string AuthorizationsApplicationKey = "fk_api_oauth_authorizations_application_id";
    public const string AuthorizationsLookupIndex = "ix_api_oauth_authorizations_application_status_subject_type";
    public const string TokensApplicationKey = "fk_api_oauth_tokens_application_id";
    public const string TokensAuthorizationKey = "fk_api_oauth_tokens_authorization_id";

    public static readonly ModuleSchema Schema = new("api-access", "api_schema_versions", [typeof(CreateApiAccessTables)]);
}

/// <summary>
/// OpenIddict's four entities (OpenIddict.EntityFrameworkCore), as its model maps them: string keys (nvarchar(450) on
/// SQL Server), UTC dates, and unique indexes on nullable columns (filtered on SQL Server).
/// </summary>
[Migration(2026_11_26_01, "OAuth 2.0 clients of the product's machine APIs")]
internal sealed class CreateApiAccessTables : PortableMigration
{
    public override void Up()
    {
        Create.Table(ApiAccessSchema.Applications)
            .WithColumn("id").AsKeyString(this).PrimaryKey($"pk_{ApiAccessSchema.Applications}")
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
        CreateUniqueIndexOnNullable("ix_api_oauth_applications_client_id", ApiAccessSchema.Applications, "client_id");

        Create.Table(ApiAccessSchema.Scopes)
            .WithColumn("id").AsKeyString(this).PrimaryKey($"pk_{ApiAccessSchema.Scopes}")
            .WithColumn("concurrency_token").AsString(50).Nullable()
            .WithColumn("description").AsString(int.MaxValue).Nullable()
            .WithColumn("descriptions").AsString(int.MaxValue).Nullable()
            .WithColumn("display_name").AsString(int.MaxValue).Nullable()
            .WithColumn("display_names").AsString(int.MaxValue).Nullable()
            .WithColumn("name").AsString(200).Nullable()
            .WithColumn("properties").AsString(int.MaxValue).Nullable()
            .WithColumn("resources").AsString(int.MaxValue).Nullable();
        CreateUniqueIndexOnNullable("ix_api_oauth_scopes_name", ApiAccessSchema.Scopes, "name");

        Create.Table(ApiAccessSchema.Authorizations)
            .WithColumn("id").AsKeyString(this).PrimaryKey($"pk_{ApiAccessSchema.Authorizations}")
            .WithColumn("application_id").AsKeyString(this).Nullable()
                .ForeignKey(ApiAccessSchema.AuthorizationsApplicationKey, ApiAccessSchema.Applications, "id")
            .WithColumn("concurrency_token").AsString(50).Nullable()
            .WithColumn("creation_date").AsUtcDateTime(this).Nullable()
            .WithColumn("properties").AsString(int.MaxValue).Nullable()
            .WithColumn("scopes").AsString(int.MaxValue).Nullable()
            .WithColumn("status").AsString(50).Nullable()
            .WithColumn("subject").AsString(400).Nullable()
            .WithColumn("type").AsString(50).Nullable();
        Create.Index(ApiAccessSchema.AuthorizationsLookupIndex).OnTable(ApiAccessSchema.Authorizations)
            .OnColumn("application_id").Ascending().OnColumn("status").Ascending().OnColumn("subject").Ascending().OnColumn("type").Ascending();

        Create.Table(ApiAccessSchema.Tokens)
            .WithColumn("id").AsKeyString(this).PrimaryKey($"pk_{ApiAccessSchema.Tokens}")
            .WithColumn("application_id").AsKeyString(this).Nullable()
                .ForeignKey(ApiAccessSchema.TokensApplicationKey, ApiAccessSchema.Applications, "id")
            .WithColumn("authorization_id").AsKeyString(this).Nullable()
                .ForeignKey(ApiAccessSchema.TokensAuthorizationKey, ApiAccessSchema.Authorizations, "id")
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
        CreateUniqueIndexOnNullable("ix_api_oauth_tokens_reference_id", ApiAccessSchema.Tokens, "reference_id");
        Create.Index("ix_api_oauth_tokens_application_id_status_subject_type").OnTable(ApiAccessSchema.Tokens)
            .OnColumn("application_id").Ascending().OnColumn("status").Ascending().OnColumn("subject").Ascending().OnColumn("type").Ascending();
        Create.Index("ix_api_oauth_tokens_authorization_id").OnTable(ApiAccessSchema.Tokens).OnColumn("authorization_id").Ascending();
    }

    public override void Down()
    {
        Delete.Table(ApiAccessSchema.Tokens);
        Delete.Table(ApiAccessSchema.Authorizations);
        Delete.Table(ApiAccessSchema.Scopes);
        Delete.Table(ApiAccessSchema.Applications);
    }
}
