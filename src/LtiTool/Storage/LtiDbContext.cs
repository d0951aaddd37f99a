using MicroCredLti.LtiTool.Keys;
using MicroCredLti.LtiTool.Launch;
using MicroCredLti.LtiTool.Registration;
using Microsoft.EntityFrameworkCore;

namespace MicroCredLti.LtiTool.Storage;

public sealed class LtiDbContext(DbContextOptions<LtiDbContext> options) : DbContext(options)
{
    public DbSet<PlatformRegistration> Platforms => Set<PlatformRegistration>();
    public DbSet<LoginState> LoginStates => Set<LoginState>();
    public DbSet<ToolKey> ToolKeys => Set<ToolKey>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<PlatformRegistration>(e =>
        {
            e.ToTable(LtiSchema.Platforms);
            e.OwnsMany(p => p.Deployments, d =>
            {
                d.ToTable(LtiSchema.Deployments);
                d.WithOwner().HasForeignKey("PlatformId");
                d.HasKey("PlatformId", nameof(PlatformDeployment.DeploymentId));
            });
        });
        model.Entity<LoginState>(e =>
        {
            e.ToTable(LtiSchema.LoginStates);
            e.HasKey(s => s.State);
            // Unix milliseconds, so that expiry compares the same way on every database.
            e.Property(s => s.ExpiresAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
        });
        model.Entity<ToolKey>(e =>
        {
            e.ToTable(LtiSchema.ToolKeys);
            e.HasKey(k => k.KeyId);
        });
    }
}
