using System.Security.Cryptography;
using MicroCredLti.CreditMapper.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace MicroCredLti.CreditMapper.Registrar;

/// <summary>An RSA key the registrar's token server signs or encrypts with, kept in the database so every instance shares it.</summary>
public sealed class RegistrarKey
{
    public required string KeyId { get; set; }
    public required string Purpose { get; set; }
    public required string PrivateKeyPem { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public const string Signing = "signing";
    public const string Encryption = "encryption";
}

/// <summary>
/// Gives OpenIddict its keys from the database, creating them on first use. Runs when the server options are
/// first built, which is after the host has migrated the schema.
/// </summary>
internal sealed class RegistrarKeyRing(IServiceScopeFactory scopes, TimeProvider clock) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDbContext>();
        options.SigningCredentials.Add(new SigningCredentials(Load(db, RegistrarKey.Signing), SecurityAlgorithms.RsaSha256));
        options.EncryptionCredentials.Add(new EncryptingCredentials(Load(db, RegistrarKey.Encryption),
            SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private RsaSecurityKey Load(CreditDbContext db, string purpose)
    {
        // Keys are few; ordering in memory keeps the query portable (SQLite cannot order by DateTimeOffset).
        var stored = db.RegistrarKeys.AsNoTracking().Where(k => k.Purpose == purpose).AsEnumerable()
            .OrderByDescending(k => k.CreatedAt).FirstOrDefault();
        if (stored is null)
        {
            using var rsa = RSA.Create(2048);
            stored = new RegistrarKey
            {
                KeyId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
                Purpose = purpose,
                PrivateKeyPem = rsa.ExportPkcs8PrivateKeyPem(),
                CreatedAt = clock.GetUtcNow(),
            };
            db.RegistrarKeys.Add(stored);
            try { db.SaveChanges(); }
            catch (DbUpdateException)
            {
                // Another instance created its key at the same moment: use whichever is newest.
                db.ChangeTracker.Clear();
                return Load(db, purpose);
            }
        }
        var key = RSA.Create();
        key.ImportFromPem(stored.PrivateKeyPem);
        return new RsaSecurityKey(key) { KeyId = stored.KeyId };
    }
}
