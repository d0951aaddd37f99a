namespace MicroCredLti.XapiCollector.Activities;

/// <summary>
/// The activity definitions this instance has recently merged, as sent. Content and emitters send the same definition
/// with every statement about an activity; once merged, the same definition again changes nothing, so it is not read
/// and merged again for <see cref="Lifetime"/>.
/// </summary>
internal sealed class ActivityDefinitionCache(TimeProvider clock)
{
    /// <summary>
    /// How long a merged definition is taken as held. Within it, a definition that another replica changed in between is
    /// not set back by an older statement sent here again; the Activities resource keeps the newer one.
    /// </summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ExpiringCache<(string ActivityId, string Definition), bool> merged = new(clock, Lifetime, maxEntries: 50_000);

    public bool IsMerged(string activityId, string definition) => merged.TryGet((activityId, definition), out _);

    public void Merged(IEnumerable<(string ActivityId, string Definition)> definitions) =>
        merged.Set(definitions.Select(d => KeyValuePair.Create(d, true)));
}
