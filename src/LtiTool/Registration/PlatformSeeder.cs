using MicroCredLti.LtiTool.Storage;
using MicroCredLti.ServiceDefaults.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MicroCredLti.LtiTool.Registration;

/// <summary>Writes the platforms named in configuration (manual registration) to the database at start-up.</summary>
internal sealed class PlatformSeeder(LtiDbContext db, IOptions<LtiToolOptions> options, TimeProvider clock) : IModuleSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var configured in options.Value.Platforms)
        {
            var platform = await db.Platforms.Include(p => p.Deployments)
                .SingleOrDefaultAsync(p => p.Issuer == configured.Issuer && p.ClientId == configured.ClientId, cancellationToken);
            if (platform is null)
            {
                platform = new PlatformRegistration
                {
                    Id = Guid.NewGuid(), Name = "", Issuer = configured.Issuer, ClientId = configured.ClientId,
                    AuthorizationEndpoint = "", JwksUri = "", CreatedAt = clock.GetUtcNow(),
                };
                db.Platforms.Add(platform);
            }
            platform.Name = configured.Name ?? configured.Issuer;
            platform.AuthorizationEndpoint = configured.AuthorizationEndpoint;
            platform.TokenEndpoint = configured.TokenEndpoint;
            platform.JwksUri = configured.JwksUri;
            foreach (var deploymentId in configured.DeploymentIds.Where(id => !platform.Allows(id)))
                platform.Deployments.Add(new PlatformDeployment { DeploymentId = deploymentId });
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
