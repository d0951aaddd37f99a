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
                    Repairs = LrsCredential.Join(client.Repairs), Scopes = LrsCredential.Join(client.Scopes),
                });
            else
            {
                credential.Name = client.Name ?? client.Key;
                credential.SecretHash = LrsCredential.Hash(client.Secret);
                credential.Repairs = LrsCredential.Join(client.Repairs);
                credential.Scopes = LrsCredential.Join(client.Scopes);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
