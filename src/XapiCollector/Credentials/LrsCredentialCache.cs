using System.Collections.Concurrent;

namespace MicroCredLti.XapiCollector.Credentials;

/// <summary>
/// LRS credentials as recently read, so that a client posting batch after batch is not looked up for every request.
/// An entry lives <see cref="Lifetime"/>: a rotation or revocation takes effect at once on the instance that made it
/// (the registry forgets the key) and within that time on every other replica.
/// </summary>
internal sealed class LrsCredentialCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    // Enough for every client of a large installation; past it the cache starts over rather than grow.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (LrsCredential Credential, DateTimeOffset ReadAt)> entries = new(StringComparer.Ordinal);

    public async Task<LrsCredential?> GetAsync(string key, Func<Task<LrsCredential?>> read)
    {
        var now = clock.GetUtcNow();
        if (entries.TryGetValue(key, out var entry) && now - entry.ReadAt < Lifetime) return entry.Credential;
        var credential = await read();
        if (credential is null) entries.TryRemove(key, out _);
        else
        {
            if (entries.Count >= MaxEntries) entries.Clear();
            entries[key] = (credential, now);
        }
        return credential;
    }

    public void Forget(string key) => entries.TryRemove(key, out _);
}
