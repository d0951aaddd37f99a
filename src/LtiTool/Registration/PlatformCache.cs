using System.Collections.Concurrent;

namespace MicroCredLti.LtiTool.Registration;

/// <summary>
/// Platform registrations as recently read: every login and launch looks its platform up, and registrations change
/// rarely. An entry lives <see cref="Lifetime"/>; a change through <see cref="PlatformDirectory"/> clears the cache at
/// once on the instance that made it, and other replicas see it within that time.
/// </summary>
internal sealed class PlatformCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (object Value, DateTimeOffset ReadAt)> entries = new(StringComparer.Ordinal);

    /// <summary>The cached value, or what <paramref name="read"/> finds; kept only when <paramref name="keep"/> says so (by default, when found).</summary>
    public async Task<T> GetAsync<T>(string key, Func<Task<T>> read, Func<T, bool>? keep = null)
    {
        if (entries.TryGetValue(key, out var entry) && clock.GetUtcNow() - entry.ReadAt < Lifetime) return (T)entry.Value;
        var value = await read();
        if (value is not null && (keep?.Invoke(value) ?? true)) entries[key] = (value, clock.GetUtcNow());
        return value;
    }

    public void Clear() => entries.Clear();
}
