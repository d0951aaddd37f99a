using System.Security.Cryptography;
using MicroCredLti.ServiceDefaults.Problems;
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

/// <summary>What became of a change to an LRS client.</summary>
public abstract record ClientChange
{
    /// <summary>The client as it now is, with its new secret when the change issued one.</summary>
    public sealed record Done(LrsClientSummary Client, IssuedSecret? Secret) : ClientChange;

    /// <summary>
    /// Nothing changed. <see cref="Problem"/> is the catalogue's refusal (<c>xapi.client_invalid</c>, <c>xapi.client_exists</c>,
    /// <c>xapi.client_not_found</c>); <see cref="Errors"/> names each argument at fault (<c>key</c>, <c>scopes[1]</c>) when
    /// the client asked for is not valid.
    /// </summary>
    public sealed record Refused(ProblemType Problem, string Reason, IReadOnlyDictionary<string, string[]>? Errors = null) : ClientChange;
}

/// <summary>Creates, rotates and revokes LRS clients; the command line and the admin API both go through here.</summary>
public sealed class LrsClientRegistry
{
    public const int MaxKeyLength = 200;
    public const int MaxNameLength = 200;

    private readonly XapiDbContext db;
    private readonly TimeProvider clock;
    private readonly LrsCredentialCache cache;

    internal LrsClientRegistry(XapiDbContext db, TimeProvider clock, LrsCredentialCache cache) => (this.db, this.clock, this.cache) = (db, clock, cache);

    public async Task<IReadOnlyList<LrsClientSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        (await db.Credentials.AsNoTracking().OrderBy(c => c.Key).ToListAsync(cancellationToken)).Select(Summary).ToList();

    public async Task<LrsClientSummary?> FindAsync(string key, CancellationToken cancellationToken = default) =>
        await db.Credentials.AsNoTracking().FirstOrDefaultAsync(c => c.Key == key, cancellationToken) is { } credential ? Summary(credential) : null;

    /// <summary>A new client with a new secret; <paramref name="name"/> defaults to the key, no scopes to the spec's default.</summary>
    public async Task<ClientChange> AddAsync(string? key, string? name, IReadOnlyList<string>? scopes, IReadOnlyList<string>? repairs,
        CancellationToken cancellationToken = default)
    {
        (scopes, repairs) = (scopes ?? [], repairs ?? []);
        name = string.IsNullOrWhiteSpace(name) ? key : name;
        var errors = new Dictionary<string, string[]>();
        // The key is the Basic-auth user-id (RFC 7617 2: no ':') and a path segment of the admin API, so it keeps to
        // RFC 3986's unreserved characters, which read the same in both.
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength || !key.All(IsUnreserved))
            errors["key"] = [$"A client key is 1 to {MaxKeyLength} letters, digits, '-', '.', '_' or '~'."];
        if (name is { Length: > MaxNameLength })
            errors["name"] = [$"A client name is at most {MaxNameLength} characters."];
        for (var i = 0; i < scopes.Count; i++)
            if (!LrsScopes.Known.Contains(scopes[i]))
                errors[$"scopes[{i}]"] = [$"'{scopes[i]}' is not an xAPI scope ({string.Join(", ", LrsScopes.Known)})."];
        for (var i = 0; i < repairs.Count; i++)
            if (repairs[i] is null || !EmitterRepairs.Profiles.ContainsKey(repairs[i]))
                errors[$"repairs[{i}]"] = [$"'{repairs[i]}' is not a repair profile ({string.Join(", ", EmitterRepairs.Profiles.Keys)})."];
        if (errors.Count > 0)
            return new ClientChange.Refused(XapiProblems.ClientInvalid, string.Join(" ", errors.Values.SelectMany(e => e)), errors);
        if (await db.Credentials.AnyAsync(c => c.Key == key, cancellationToken))
            return Exists(key!);

        var secret = NewSecret();
        var credential = new LrsCredential
        {
            Key = key!, Name = name!, SecretHash = LrsCredential.Hash(secret), CreatedAt = clock.GetUtcNow(),
            Scopes = LrsCredential.Join(scopes.Distinct().ToList()), Repairs = LrsCredential.Join(repairs.Distinct().ToList()),
        };
        db.Credentials.Add(credential);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request created the same key between the check and the insert.
            if (await db.Credentials.AsNoTracking().AnyAsync(c => c.Key == key, cancellationToken)) return Exists(key!);
            throw;
        }
        return new ClientChange.Done(Summary(credential), new IssuedSecret(key!, secret));
    }

    /// <summary>A new secret for the client; the old one stops working at once, and a revoked client works again.</summary>
    public Task<ClientChange> RotateAsync(string key, CancellationToken cancellationToken = default) =>
        ChangeAsync(key, credential =>
        {
            var secret = NewSecret();
            credential.SecretHash = LrsCredential.Hash(secret);
            credential.RevokedAt = null;
            return new IssuedSecret(key, secret);
        }, cancellationToken);

    /// <summary>The client can no longer authenticate; what it stored stays, with it as authority. Revoking twice changes nothing.</summary>
    public Task<ClientChange> RevokeAsync(string key, CancellationToken cancellationToken = default) =>
        ChangeAsync(key, credential =>
        {
            credential.RevokedAt ??= clock.GetUtcNow();
            return null;
        }, cancellationToken);

    private async Task<ClientChange> ChangeAsync(string key, Func<LrsCredential, IssuedSecret?> change, CancellationToken cancellationToken)
    {
        var credential = await db.Credentials.FindAsync([key], cancellationToken);
        if (credential is null) return new ClientChange.Refused(XapiProblems.ClientNotFound, $"No client has key '{key}'.");
        var secret = change(credential);
        await db.SaveChangesAsync(cancellationToken);
        cache.Forget(key);
        return new ClientChange.Done(Summary(credential), secret);
    }

    private static ClientChange.Refused Exists(string key) =>
        new(XapiProblems.ClientExists, $"A client with key '{key}' exists; rotate its secret instead.");

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    private static LrsClientSummary Summary(LrsCredential c) =>
        new(c.Key, c.Name, c.GrantedScopes, c.RepairProfiles, c.CreatedAt, c.RevokedAt);

    /// <summary>256 random bits: a fast hash is then as safe to store as a slow one would be for a password.</summary>
    private static string NewSecret() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}
