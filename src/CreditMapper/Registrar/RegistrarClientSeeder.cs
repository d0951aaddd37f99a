using MicroCredLti.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MicroCredLti.CreditMapper.Registrar;

/// <summary>Registers the configured registrar systems as confidential OAuth clients allowed the credits scope.</summary>
internal sealed class RegistrarClientSeeder(IOpenIddictApplicationManager applications, IOptions<RegistrarOptions> options) : IModuleSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var client in options.Value.Clients)
        {
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = client.ClientId,
                ClientSecret = client.ClientSecret,
                ClientType = ClientTypes.Confidential,
                DisplayName = client.DisplayName ?? client.ClientId,
                Permissions =
                {
                    Permissions.Endpoints.Token,
                    Permissions.GrantTypes.ClientCredentials,
                    Permissions.Prefixes.Scope + RegistrarOptions.CreditsScope,
                },
            };
            var existing = await applications.FindByClientIdAsync(client.ClientId, cancellationToken);
            if (existing is null) await applications.CreateAsync(descriptor, cancellationToken);
            else await applications.UpdateAsync(existing, descriptor, cancellationToken);
        }
    }
}
