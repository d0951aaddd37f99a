using System.Collections.Concurrent;

namespace MicroCredLti.XapiCollector.Learners;

/// <summary>
/// Which learner each recently seen agent identifier belongs to, so that a batch of statements by known learners is
/// stored without reading their accounts again. An account keeps its learner once made; only an erasure removes it,
/// and forgets it here at once on the instance that erased it, and within <see cref="Lifetime"/> on every other.
/// </summary>
internal sealed class LearnerAccountCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    // Beyond this the cache starts over rather than grow: a large university's active learners fit.
    private const int MaxEntries = 200_000;

    private readonly ConcurrentDictionary<string, (Guid LearnerId, DateTimeOffset SeenAt)> accounts = new(StringComparer.Ordinal);

    public bool TryGet(string identifier, out Guid learnerId)
    {
        learnerId = default;
        if (!accounts.TryGetValue(identifier, out var entry) || clock.GetUtcNow() - entry.SeenAt >= Lifetime) return false;
        learnerId = entry.LearnerId;
        return true;
    }

    public void Remember(IEnumerable<KeyValuePair<string, Guid>> known)
    {
        if (accounts.Count >= MaxEntries) accounts.Clear();
        var now = clock.GetUtcNow();
        foreach (var (identifier, learnerId) in known) accounts[identifier] = (learnerId, now);
    }

    public void Forget(IEnumerable<string> identifiers)
    {
        foreach (var identifier in identifiers) accounts.TryRemove(identifier, out _);
    }
}
