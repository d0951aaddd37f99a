using System.Security.Cryptography;
using MicroCredLti.LtiTool.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace MicroCredLti.LtiTool.Keys;

/// <summary>The tool's RSA key, which platforms fetch from the tool's JWKS to check the tool's own JWTs.</summary>
public sealed class ToolKey
{
    public required string KeyId { get; set; }
    public required string PrivateKeyPem { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Loads the tool's keys from the database, creating the first on demand, and publishes their public halves.</summary>
internal sealed class ToolKeyRing(IServiceScopeFactory scopes, TimeProvider clock)
{
    private readonly SemaphoreSlim loading = new(1, 1);
    private IReadOnlyList<RsaSecurityKey>? keys;

    public async Task<JsonWebKeySet> PublicKeySetAsync(CancellationToken cancellationToken)
    {
        var set = new JsonWebKeySet();
        foreach (var key in await KeysAsync(cancellationToken))
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId });
            jwk.Use = "sig";
            jwk.Alg = SecurityAlgorithms.RsaSha256;
            set.Keys.Add(jwk);
        }
        return set;
    }

    private async Task<IReadOnlyList<RsaSecurityKey>> KeysAsync(CancellationToken cancellationToken)
    {
        if (keys is not null) return keys;
        await loading.WaitAsync(cancellationToken);
        try
        {
            if (keys is not null) return keys;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LtiDbContext>();
            if (!await db.ToolKeys.AnyAsync(cancellationToken))
                await CreateAsync(db, cancellationToken);
            var stored = await db.ToolKeys.AsNoTracking().ToListAsync(cancellationToken);
            return keys = stored.OrderByDescending(k => k.CreatedAt).Select(k =>
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(k.PrivateKeyPem);
                return new RsaSecurityKey(rsa) { KeyId = k.KeyId };
            }).ToList();
        }
        finally
        {
            loading.Release();
        }
    }

    private async Task CreateAsync(LtiDbContext db, CancellationToken cancellationToken)
    {
        using var rsa = RSA.Create(2048);
        db.ToolKeys.Add(new ToolKey
        {
            KeyId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
            PrivateKeyPem = rsa.ExportPkcs8PrivateKeyPem(),
            CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
