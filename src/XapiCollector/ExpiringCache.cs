using System.Collections.Concurrent;

namespace MicroCredLti.XapiCollector;

/// <summary>
/// Entries that count for <paramref name="lifetime"/> after they were set, up to <paramref name="maxEntries"/>: past
/// that the cache starts over rather than grow. For what the LRS looks up on every request and rarely changes.
/// </summary>
internal sealed class ExpiringCache<TKey, TValue>(TimeProvider clock, TimeSpan lifetime, int maxEntries) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset SetAt)> entries = new();

    public bool TryGet(TKey key, out TValue value)
    {
        if (entries.TryGetValue(key, out var entry) && clock.GetUtcNow() - entry.SetAt < lifetime)
        {
            value = entry.Value;
            return true;
        }
        value = default!;
        return false;
    }

    public void Set(IEnumerable<KeyValuePair<TKey, TValue>> values)
    {
        if (entries.Count >= maxEntries) entries.Clear();
        var now = clock.GetUtcNow();
        foreach (var (key, value) in values) entries[key] = (value, now);
    }

    public void Set(TKey key, TValue value) => Set([KeyValuePair.Create(key, value)]);

    public void Remove(TKey key) => entries.TryRemove(key, out _);
}
