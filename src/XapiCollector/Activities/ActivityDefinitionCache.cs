using System.Collections.Concurrent;

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

    private const int MaxEntries = 50_000;

    private readonly ConcurrentDictionary<(string ActivityId, string Definition), DateTimeOffset> merged = new();

    public bool IsMerged(string activityId, string definition) =>
        merged.TryGetValue((activityId, definition), out var at) && clock.GetUtcNow() - at < Lifetime;

    public void Merged(IEnumerable<(string ActivityId, string Definition)> definitions)
    {
        if (merged.Count >= MaxEntries) merged.Clear();
        var now = clock.GetUtcNow();
        foreach (var definition in definitions) merged[definition] = now;
    }
}
