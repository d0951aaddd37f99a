namespace MicroCredLti.XapiCollector.Learners;

/// <summary>
/// Which learner each recently seen agent identifier belongs to, so that a batch of statements by known learners is
/// stored without reading their accounts again. An account keeps its learner once made; only an erasure removes it,
/// and forgets it here at once on the instance that erased it, and within <see cref="Lifetime"/> on every other.
/// </summary>
internal sealed class LearnerAccountCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    // A large university's active learners fit.
    private readonly ExpiringCache<string, Guid> accounts = new(clock, Lifetime, maxEntries: 200_000);

    public bool TryGet(string identifier, out Guid learnerId) => accounts.TryGet(identifier, out learnerId);

    public void Remember(IEnumerable<KeyValuePair<string, Guid>> known) => accounts.Set(known);

    public void Forget(IEnumerable<string> identifiers)
    {
        foreach (var identifier in identifiers) accounts.Remove(identifier);
    }
}
