using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace MicroCredLti.ServiceDefaults.Keys;

/// <summary>Every key the product signs or decrypts with, per purpose, rotated on a schedule with overlap.</summary>
public interface IKeyRing
{
    /// <summary>The purpose's keys now, creating its first key, or its next one when that is due.</summary>
    ValueTask<KeySet> GetAsync(KeyPurpose purpose, CancellationToken cancellationToken = default);
}

/// <summary>
/// Keys live in the database, their private halves protected with ASP.NET Data Protection (whose own key ring is in
/// the same database, so every replica can read them). Each replica caches a purpose's keys until the next moment
/// something changes — a key taking over, retiring or expiring, or the next key falling due — or until
/// <see cref="KeyRingOptions.RefreshInterval"/>, whichever comes first.
/// </summary>
internal sealed partial class KeyRing(
    IServiceScopeFactory scopes, IDataProtectionProvider protection, IOptions<KeyRingOptions> options, TimeProvider clock, ILogger<KeyRing> log)
    : IKeyRing
{
    private const int MaxAttempts = 5;
    private readonly IDataProtector protector = protection.CreateProtector("MicroCredLti.KeyRing.v1");
    private readonly ConcurrentDictionary<string, (KeySet Set, DateTimeOffset ValidUntil)> cache = new();
    private readonly SemaphoreSlim loading = new(1, 1);

    public async ValueTask<KeySet> GetAsync(KeyPurpose purpose, CancellationToken cancellationToken = default)
    {
        if (cache.TryGetValue(purpose.Name, out var cached) && clock.GetUtcNow() < cached.ValidUntil) return cached.Set;
        await loading.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            if (cache.TryGetValue(purpose.Name, out cached) && now < cached.ValidUntil) return cached.Set;
            var (set, validUntil) = await LoadAsync(purpose, now, cancellationToken);
            cache[purpose.Name] = (set, validUntil);
            return set;
        }
        finally
        {
            loading.Release();
        }
    }

    private async Task<(KeySet Set, DateTimeOffset ValidUntil)> LoadAsync(KeyPurpose purpose, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var policy = options.Value;
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KeyRingDbContext>();
            // A purpose has a handful of keys; they are filtered in memory so the query reads the same on every database.
            var stored = await db.Keys.AsNoTracking().Where(k => k.Purpose == purpose.Name).ToListAsync(cancellationToken);
            var live = stored.Where(k => k.ExpiresAt > now).OrderByDescending(k => k.Generation).ToList();
            var current = live.FirstOrDefault(k => k.ActivatesAt <= now && now < k.RetiresAt);
            var nextGeneration = stored.Count == 0 ? 1 : stored.Max(k => k.Generation) + 1;

            StoredKey? due = null;
            if (current is null)
                due = Create(purpose, nextGeneration, activatesAt: now, policy);
            else if (current.RetiresAt - now <= policy.PrePublish && !live.Any(k => k.Generation > current.Generation))
                due = Create(purpose, nextGeneration, activatesAt: current.RetiresAt, policy);
            if (due is null)
                return (ToKeySet(purpose, live, current!, now), ValidUntil(live, current!, now, policy));

            db.Keys.Add(due);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                LogCreated(purpose.Name, due.KeyId, due.Generation, due.ActivatesAt);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // Another replica added this generation first; the next pass reads its key.
                LogLostRace(purpose.Name, due.Generation);
            }
        }
    }

    private StoredKey Create(KeyPurpose purpose, int generation, DateTimeOffset activatesAt, KeyRingOptions policy)
    {
        using var rsa = RSA.Create(2048);
        var retiresAt = activatesAt + policy.Lifetime;
        return new StoredKey
        {
            KeyId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
            Purpose = purpose.Name,
            Generation = generation,
            Algorithm = purpose.Algorithm,
            ProtectedPrivateKey = Convert.ToBase64String(protector.Protect(rsa.ExportPkcs8PrivateKey())),
            CreatedAt = clock.GetUtcNow(),
            ActivatesAt = activatesAt,
            RetiresAt = retiresAt,
            ExpiresAt = retiresAt + policy.RetiredPublishFor,
        };
    }

    private KeySet ToKeySet(KeyPurpose purpose, IReadOnlyList<StoredKey> live, StoredKey current, DateTimeOffset now)
    {
        RingKey Open(StoredKey stored)
        {
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(protector.Unprotect(Convert.FromBase64String(stored.ProtectedPrivateKey)), out _);
            var state = stored == current ? KeyState.Current : stored.ActivatesAt > now ? KeyState.Next : KeyState.Retired;
            return new RingKey(stored.KeyId, purpose, state, rsa, stored.ActivatesAt, stored.RetiresAt, stored.ExpiresAt);
        }
        var published = live.OrderBy(k => k == current ? 0 : k.ActivatesAt > now ? 1 : 2).ThenByDescending(k => k.Generation)
            .Select(Open).ToList();
        return new KeySet(published[0], published);
    }

    private static DateTimeOffset ValidUntil(IReadOnlyList<StoredKey> live, StoredKey current, DateTimeOffset now, KeyRingOptions policy)
    {
        var changes = live.SelectMany(k => new[] { k.ActivatesAt, k.RetiresAt, k.ExpiresAt })
            .Append(current.RetiresAt - policy.PrePublish)
            .Where(moment => moment > now);
        return changes.Append(now + policy.RefreshInterval).Min();
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Key ring: created key {KeyId} (generation {Generation}) for {Purpose}, in use from {ActivatesAt}")]
    private partial void LogCreated(string purpose, string keyId, int generation, DateTimeOffset activatesAt);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Key ring: another replica created generation {Generation} of {Purpose} first")]
    private partial void LogLostRace(string purpose, int generation);
}
