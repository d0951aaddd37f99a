using MicroCredLti.XapiCollector.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MicroCredLti.XapiCollector.Credentials;

/// <summary>Writes the LRS clients named in configuration to the credentials table at start-up.</summary>
internal sealed class LrsCredentialSeeder(IServiceScopeFactory scopes, IOptions<XapiCollectorOptions> options, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<XapiDbContext>();
        foreach (var client in options.Value.Clients)
        {
            var credential = await db.Credentials.FindAsync([client.Key], cancellationToken);
            if (credential is null)
                db.Credentials.Add(new LrsCredential
                {
                    Key = client.Key, Name = client.Name ?? client.Key, SecretHash = LrsCredential.Hash(client.Secret), CreatedAt = clock.GetUtcNow(),
                });
            else
            {
                credential.Name = client.Name ?? client.Key;
                credential.SecretHash = LrsCredential.Hash(client.Secret);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
