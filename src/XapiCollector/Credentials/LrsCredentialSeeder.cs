using MicroCredLti.ServiceDefaults.Storage;
using MicroCredLti.XapiCollector.Storage;
using Microsoft.Extensions.Options;

namespace MicroCredLti.XapiCollector.Credentials;

/// <summary>Writes the LRS clients named in configuration to the credentials table at start-up.</summary>
internal sealed class LrsCredentialSeeder(XapiDbContext db, IOptions<XapiCollectorOptions> options, TimeProvider clock) : IModuleSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var client in options.Value.Clients)
        {
            var credential = await db.Credentials.FindAsync([client.Key], cancellationToken);
            if (credential is null)
                db.Credentials.Add(new LrsCredential
                {
                    Key = client.Key, Name = client.Name ?? client.Key, SecretHash = LrsCredential.Hash(client.Secret), CreatedAt = clock.GetUtcNow(),
                    Repairs = RepairsOf(client),
                });
            else
            {
                credential.Name = client.Name ?? client.Key;
                credential.SecretHash = LrsCredential.Hash(client.Secret);
                credential.Repairs = RepairsOf(client);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string? RepairsOf(ConfiguredLrsClient client) => client.Repairs.Count == 0 ? null : string.Join(',', client.Repairs);
}
