using System.Security.Cryptography;
using MicroCredLti.XapiCollector.Repairs;
using MicroCredLti.XapiCollector.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace MicroCredLti.XapiCollector.Credentials;

/// <summary>An LRS client as an admin sees it: never its secret, which is shown once, when made.</summary>
public sealed record LrsClientSummary(string Key, string Name, IReadOnlyList<string> Scopes, IReadOnlyList<string> Repairs,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A client's new secret: shown to the admin once and stored only as a hash.</summary>
public sealed record IssuedSecret(string Key, string Secret);

public abstract record ClientChange
{
    public sealed record Done(IssuedSecret? Secret) : ClientChange;
    public sealed record Refused(string Reason) : ClientChange;
}

/// <summary>Creates, rotates and revokes LRS clients; the command line and the admin API both go through here.</summary>
public sealed class LrsClientRegistry
{
    private readonly XapiDbContext db;
    private readonly TimeProvider clock;

    internal LrsClientRegistry(XapiDbContext db, TimeProvider clock) => (this.db, this.clock) = (db, clock);

    public async Task<IReadOnlyList<LrsClientSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        (await db.Credentials.AsNoTracking().OrderBy(c => c.Key).ToListAsync(cancellationToken)).Select(Summary).ToList();

    public async Task<ClientChange> AddAsync(string key, string name, IReadOnlyList<string> scopes, IReadOnlyList<string> repairs,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Contains(':') || key.Length > 200)
            return new ClientChange.Refused("A client key is 1 to 200 characters without ':'.");
        if (scopes.FirstOrDefault(s => !LrsScopes.Known.Contains(s)) is { } unknownScope)
            return new ClientChange.Refused($"'{unknownScope}' is not an xAPI scope ({string.Join(", ", LrsScopes.Known)}).");
        if (repairs.FirstOrDefault(r => !EmitterRepairs.Profiles.ContainsKey(r)) is { } unknownRepair)
            return new ClientChange.Refused($"'{unknownRepair}' is not a repair profile ({string.Join(", ", EmitterRepairs.Profiles.Keys)}).");
        if (await db.Credentials.AnyAsync(c => c.Key == key, cancellationToken))
            return new ClientChange.Refused($"A client with key '{key}' exists; rotate its secret instead.");

        var secret = NewSecret();
        db.Credentials.Add(new LrsCredential
        {
            Key = key, Name = name, SecretHash = LrsCredential.Hash(secret), CreatedAt = clock.GetUtcNow(),
            Scopes = LrsCredential.Join(scopes), Repairs = LrsCredential.Join(repairs),
        });
        await db.SaveChangesAsync(cancellationToken);
        return new ClientChange.Done(new IssuedSecret(key, secret));
    }

    /// <summary>A new secret for the client; the old one stops working at once.</summary>
    public Task<ClientChange> RotateAsync(string key, CancellationToken cancellationToken = default) =>
        ChangeAsync(key, credential =>
        {
            var secret = NewSecret();
            credential.SecretHash = LrsCredential.Hash(secret);
            credential.RevokedAt = null;
            return new IssuedSecret(key, secret);
        }, cancellationToken);

    /// <summary>The client can no longer authenticate; what it stored stays, with it as authority.</summary>
    public Task<ClientChange> RevokeAsync(string key, CancellationToken cancellationToken = default) =>
        ChangeAsync(key, credential =>
        {
            credential.RevokedAt = clock.GetUtcNow();
            return null;
        }, cancellationToken);

    private async Task<ClientChange> ChangeAsync(string key, Func<LrsCredential, IssuedSecret?> change, CancellationToken cancellationToken)
    {
        var credential = await db.Credentials.FindAsync([key], cancellationToken);
        if (credential is null) return new ClientChange.Refused($"No client has key '{key}'.");
        var secret = change(credential);
        await db.SaveChangesAsync(cancellationToken);
        return new ClientChange.Done(secret);
    }

    private static LrsClientSummary Summary(LrsCredential c) =>
        new(c.Key, c.Name, c.GrantedScopes, c.RepairProfiles, c.CreatedAt, c.RevokedAt);

    /// <summary>256 random bits: a fast hash is then as safe to store as a slow one would be for a password.</summary>
    private static string NewSecret() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}
