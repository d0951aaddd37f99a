using FluentMigrator;
using MicroCredLti.ServiceDefaults.Storage;

namespace MicroCredLti.LtiTool.Storage;

/// <summary>The LTI tool's tables, all named <c>lti_…</c>.</summary>
internal static class LtiSchema
{
    public const string Platforms = "lti_platforms";
    public const string Deployments = "lti_deployments";
    public const string LoginStates = "lti_login_states";
    public const string Placements = "lti_placements";
    public const string PlacementMembers = "lti_placement_members";

    public static readonly ModuleSchema Schema = new("lti", "lti_schema_versions", [typeof(CreateLtiTables), typeof(AddPlatformSource), typeof(CreatePlacementTables)]);
}

[Migration(2026_11_23_01, "Platform registrations and login states")]
internal sealed class CreateLtiTables : PortableMigration
{
    public override void Up()
    {
        Create.Table(LtiSchema.Platforms)
            .WithColumn("id").AsUuid(this).PrimaryKey($"pk_{LtiSchema.Platforms}")
            .WithColumn("name").AsString(200).NotNullable()
            .WithColumn("issuer").AsString(500).NotNullable()
            .WithColumn("client_id").AsString(500).NotNullable()
            .WithColumn("authorization_endpoint").AsString(2000).NotNullable()
            .WithColumn("token_endpoint").AsString(2000).Nullable()
            .WithColumn("jwks_uri").AsString(2000).NotNullable()
            .WithColumn("created_at").AsTimestamp(this).NotNullable();
        // Canvas uses one issuer for every cloud instance: registrations are told apart by (issuer, client_id).
        Create.Index("ux_lti_platforms_issuer_client_id").OnTable(LtiSchema.Platforms)
            .OnColumn("issuer").Ascending().OnColumn("client_id").Ascending().WithOptions().Unique();

        Create.Table(LtiSchema.Deployments)
            .WithColumn("platform_id").AsUuid(this).PrimaryKey($"pk_{LtiSchema.Deployments}")
                .ForeignKey("fk_lti_deployments_lti_platforms_platform_id", LtiSchema.Platforms, "id").OnDelete(System.Data.Rule.Cascade)
            .WithColumn("deployment_id").AsString(500).PrimaryKey($"pk_{LtiSchema.Deployments}");

        Create.Table(LtiSchema.LoginStates)
            .WithColumn("state").AsString(100).PrimaryKey($"pk_{LtiSchema.LoginStates}")
            .WithColumn("nonce").AsString(100).NotNullable()
            .WithColumn("platform_id").AsUuid(this).NotNullable()
            .WithColumn("target_link_uri").AsString(2000).NotNullable()
            .WithColumn("expires_at").AsInt64().NotNullable().Indexed("ix_lti_login_states_expires_at");
    }

    public override void Down()
    {
        Delete.Table(LtiSchema.LoginStates);
        Delete.Table(LtiSchema.Deployments);
        Delete.Table(LtiSchema.Platforms);
    }
}

[Migration(2026_11_25_70, "How each platform was registered, and its product family")]
internal sealed class AddPlatformSource : PortableMigration
{
    public override void Up()
    {
        Alter.Table(LtiSchema.Platforms).AddColumn("source").AsString(30).NotNullable().WithDefaultValue("Configuration");
        Alter.Table(LtiSchema.Platforms).AddColumn("product_family_code").AsString(100).Nullable();
    }

    public override void Down()
    {
        Delete.Column("product_family_code").FromTable(LtiSchema.Platforms);
        Delete.Column("source").FromTable(LtiSchema.Platforms);
    }
}

[Migration(2026_11_25_71, "MicroCred placements with their gradebook service, and who launched them")]
internal sealed class CreatePlacementTables : PortableMigration
{
    public override void Up()
    {
        Create.Table(LtiSchema.Placements)
            .WithColumn("platform_id").AsUuid(this).PrimaryKey($"pk_{LtiSchema.Placements}")
            .WithColumn("resource_link_id").AsString(255).PrimaryKey($"pk_{LtiSchema.Placements}")
            .WithColumn("context_id").AsString(255).Nullable()
            .WithColumn("title").AsString(2048).Nullable()
            .WithColumn("custom").AsString(4000).NotNullable()
            .WithColumn("line_items_url").AsString(2048).Nullable()
            .WithColumn("line_item_url").AsString(2048).Nullable()
            .WithColumn("updated_at").AsTimestamp(this).NotNullable();
        Create.Table(LtiSchema.PlacementMembers)
            .WithColumn("platform_id").AsUuid(this).PrimaryKey($"pk_{LtiSchema.PlacementMembers}")
            .WithColumn("resource_link_id").AsString(255).PrimaryKey($"pk_{LtiSchema.PlacementMembers}")
            .WithColumn("subject").AsString(255).PrimaryKey($"pk_{LtiSchema.PlacementMembers}")
            .WithColumn("learner_id").AsUuid(this).NotNullable()
            .WithColumn("posted_score").AsFloat(this).Nullable()
            .WithColumn("posted_complete").AsBoolean().NotNullable();
    }

    public override void Down()
    {
        Delete.Table(LtiSchema.PlacementMembers);
        Delete.Table(LtiSchema.Placements);
    }
}
