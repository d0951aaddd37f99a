using MicroCredLti.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;

namespace MicroCredLti.LtiTool.Registration;

/// <summary>Writes the platforms named in configuration (manual registration, automated deploys) to the database at start-up.</summary>
internal sealed class PlatformSeeder(PlatformDirectory platforms, IOptions<LtiToolOptions> options) : IModuleSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var configured in options.Value.Platforms)
            await platforms.SeedAsync(configured, cancellationToken);
    }
}
