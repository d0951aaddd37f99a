using MicroCredLti.LtiTool.Launch;
using MicroCredLti.LtiTool.Registration;
using MicroCredLti.LtiTool.Services;
using Microsoft.EntityFrameworkCore;

namespace MicroCredLti.LtiTool.Storage;

/// <summary>The tool's tables as EF Core maps them; <see cref="LtiSchema"/>'s migration creates them.</summary>
internal sealed class LtiDbContext(DbContextOptions<LtiDbContext> options) : DbContext(options)
{
    public DbSet<PlatformRegistration> Platforms => Set<PlatformRegistration>();
    public DbSet<LoginState> LoginStates => Set<LoginState>();
    public DbSet<Placement> Placements => Set<Placement>();
    public DbSet<PlacementMember> PlacementMembers => Set<PlacementMember>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<PlatformRegistration>(e =>
        {
            e.ToTable(LtiSchema.Platforms);
            e.HasIndex(p => new { p.Issuer, p.ClientId }).IsUnique().HasDatabaseName("ux_lti_platforms_issuer_client_id");
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.Issuer).HasMaxLength(500);
            e.Property(p => p.ClientId).HasMaxLength(500);
            e.Property(p => p.AuthorizationEndpoint).HasMaxLength(2000);
            e.Property(p => p.TokenEndpoint).HasMaxLength(2000);
            e.Property(p => p.JwksUri).HasMaxLength(2000);
            e.Property(p => p.Source).HasConversion<string>().HasMaxLength(30);
            e.Property(p => p.ProductFamilyCode).HasMaxLength(100);
            e.OwnsMany(p => p.Deployments, d =>
            {
                d.ToTable(LtiSchema.Deployments);
                d.WithOwner().HasForeignKey("PlatformId");
                d.HasKey("PlatformId", nameof(PlatformDeployment.DeploymentId));
                d.Property(x => x.DeploymentId).HasMaxLength(500);
            });
        });
        model.Entity<Placement>(e =>
        {
            e.ToTable(LtiSchema.Placements);
            e.HasKey(p => new { p.PlatformId, p.ResourceLinkId }).HasName($"pk_{LtiSchema.Placements}");
            e.Property(p => p.ResourceLinkId).HasMaxLength(255);
            e.Property(p => p.ContextId).HasMaxLength(255);
            e.Property(p => p.Title).HasMaxLength(2048);
            e.Property(p => p.Custom).HasMaxLength(4000);
            e.Property(p => p.LineItemsUrl).HasMaxLength(2048);
            e.Property(p => p.LineItemUrl).HasMaxLength(2048);
            e.Ignore(p => p.CustomParameters);
        });
        model.Entity<PlacementMember>(e =>
        {
            e.ToTable(LtiSchema.PlacementMembers);
            e.HasKey(m => new { m.PlatformId, m.ResourceLinkId, m.Subject }).HasName($"pk_{LtiSchema.PlacementMembers}");
            e.Property(m => m.ResourceLinkId).HasMaxLength(255);
            e.Property(m => m.Subject).HasMaxLength(255);
        });
        model.Entity<LoginState>(e =>
        {
            e.ToTable(LtiSchema.LoginStates);
            e.HasKey(s => s.State);
            e.Property(s => s.State).HasMaxLength(100);
            e.Property(s => s.Nonce).HasMaxLength(100);
            e.Property(s => s.TargetLinkUri).HasMaxLength(2000);
            // Unix milliseconds, so that expiry compares the same way on every database.
            e.Property(s => s.ExpiresAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
            e.HasIndex(s => s.ExpiresAt).HasDatabaseName("ix_lti_login_states_expires_at");
        });
    }
}
