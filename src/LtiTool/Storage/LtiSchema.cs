using FluentMigrator;
using MicroCredLti.XapiCollector.Storage;

namespace MicroCredLti.LtiTool.Storage;

/// <summary>The LTI tool's tables, all named <c>lti_…</c>.</summary>
public static class LtiSchema
{
    public const string Platforms = "lti_platforms";
    public const string Deployments = "lti_deployments";
    public const string LoginStates = "lti_login_states";
    public const string ToolKeys = "lti_tool_keys";

    /// <summary>Where the migration runner records which of this module's migrations ran.</summary>
    public const string VersionTable = "lti_schema_versions";
}

[Migration(2026_11_23_01, "Platform registrations, login states and tool keys")]
public sealed class CreateLtiTables : PortableMigration
{
    public override void Up()
    {
        Create.Table(LtiSchema.Platforms)
            .WithColumn("id").AsGuid().PrimaryKey()
            .WithColumn("name").AsString(200).NotNullable()
            .WithColumn("issuer").AsString(500).NotNullable()
            .WithColumn("client_id").AsString(500).NotNullable()
            .WithColumn("authorization_endpoint").AsString(2000).NotNullable()
            .WithColumn("token_endpoint").AsString(2000).Nullable()
            .WithColumn("jwks_uri").AsString(2000).NotNullable()
            .WithColumn("created_at").AsTimestamp(this).NotNullable();
        // Canvas uses one issuer for every cloud instance: registrations are told apart by (issuer, client_id).
        Create.Index("ux_lti_platforms_issuer_client").OnTable(LtiSchema.Platforms)
            .OnColumn("issuer").Ascending().OnColumn("client_id").Ascending().WithOptions().Unique();

        Create.Table(LtiSchema.Deployments)
            .WithColumn("platform_id").AsGuid().PrimaryKey().ForeignKey("fk_deployments_platform", LtiSchema.Platforms, "id")
            .WithColumn("deployment_id").AsString(500).PrimaryKey();

        Create.Table(LtiSchema.LoginStates)
            .WithColumn("state").AsString(100).PrimaryKey()
            .WithColumn("nonce").AsString(100).NotNullable()
            .WithColumn("platform_id").AsGuid().NotNullable()
            .WithColumn("target_link_uri").AsString(2000).NotNullable()
            .WithColumn("expires_at").AsInt64().NotNullable().Indexed();

        Create.Table(LtiSchema.ToolKeys)
            .WithColumn("key_id").AsString(100).PrimaryKey()
            .WithColumn("private_key_pem").AsString(int.MaxValue).NotNullable()
            .WithColumn("created_at").AsTimestamp(this).NotNullable();
    }

    public override void Down()
    {
        Delete.Table(LtiSchema.ToolKeys);
        Delete.Table(LtiSchema.LoginStates);
        Delete.Table(LtiSchema.Deployments);
        Delete.Table(LtiSchema.Platforms);
    }
}
