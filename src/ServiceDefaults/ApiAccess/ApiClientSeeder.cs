using MicroCredLti.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MicroCredLti.ServiceDefaults.ApiAccess;

/// <summary>Registers the configured API clients as confidential OAuth clients allowed their scopes, and nothing else.</summary>
internal sealed class ApiClientSeeder(IOpenIddictApplicationManager applications, IOptions<ApiAccessOptions> options) : IModuleSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var (_, client) in options.Value.AllClients)
        {
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = client.ClientId,
                ClientSecret = client.ClientSecret,
                ClientType = ClientTypes.Confidential,
                DisplayName = client.DisplayName ?? client.ClientId,
                Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
            };
            foreach (var scope in client.Scopes.Distinct(StringComparer.Ordinal))
                descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
            var existing = await applications.FindByClientIdAsync(client.ClientId, cancellationToken);
            if (existing is null) await applications.CreateAsync(descriptor, cancellationToken);
            else await applications.UpdateAsync(existing, descriptor, cancellationToken);
        }
    }
}
