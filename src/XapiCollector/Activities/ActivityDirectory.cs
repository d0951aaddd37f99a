using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredLti.XapiCollector.Model;
using MicroCredLti.XapiCollector.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroCredLti.XapiCollector.Activities;

/// <summary>
/// The canonical Activity definitions the Activities resource serves. Every stored statement's activities (its object,
/// a SubStatement's object, and the context activities of both) add what their definitions say: a later statement's
/// value wins, and language maps and extensions are merged key by key, so two statements that name an activity in two
/// languages leave both names (xAPI 1.0.3 Part Two 2.4.4.1, "the LRS may ... update its internal definition").
/// </summary>
internal sealed class ActivityDirectory(
    XapiDbContext db, IServiceScopeFactory scopes, ActivityDefinitionCache recent, TimeProvider clock, ILogger<ActivityDirectory> log)
{
    private const int MaxAttempts = 3;
    private static readonly string[] MergedMaps = ["name", "description", "extensions"];

    /// <summary>The Activity with the definition held for it; with none held, just its id (IEEE 9274.1.1 4.1.6.4).</summary>
    public async Task<JsonObject> FindAsync(string activityId, CancellationToken cancellationToken)
    {
        var key = KnownActivity.KeyOf(activityId);
        var known = await db.Activities.AsNoTracking().SingleOrDefaultAsync(a => a.Key == key, cancellationToken);
        var activity = new JsonObject { ["objectType"] = "Activity", ["id"] = activityId };
        if (known is not null) activity["definition"] = JsonNode.Parse(known.Definition);
        return activity;
    }

    /// <summary>
    /// Adds the definitions in <paramref name="statements"/>, which are already stored. A failure here does not undo them:
    /// it is logged, and the activity keeps the definition it had. The work has a context of its own, so that it neither
    /// sees nor scans the statement rows the caller's context still tracks.
    /// </summary>
    public async Task RecordAsync(IReadOnlyList<Statement> statements, CancellationToken cancellationToken)
    {
        // Each definition once, where it last occurs: a later statement's value wins.
        var all = statements.SelectMany(ActivitiesOf)
            .Where(a => a is { Id: not null, Definition: not null })
            .Select(a => (ActivityId: a.Id!, Definition: JsonSerializer.Serialize(a.Definition, XapiJson.Options)))
            .ToList();
        var seen = new HashSet<(string ActivityId, string Definition)>();
        var sent = Enumerable.Range(1, all.Count).Select(i => all[^i]).Where(seen.Add).Reverse()
            .Where(d => !recent.IsMerged(d.ActivityId, d.Definition)).ToList();
        if (sent.Count == 0) return;

        var defined = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (id, definition) in sent)
        {
            var json = JsonNode.Parse(definition)!.AsObject();
            defined[id] = defined.TryGetValue(id, out var earlier) ? Merge(earlier, json) : json;
        }

        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<XapiDbContext>();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SaveAsync(store, defined, cancellationToken);
                recent.Merged(sent);
                return;
            }
            catch (DbUpdateException e)
            {
                store.ChangeTracker.Clear();
                if (attempt == MaxAttempts)
                {
                    log.LogWarning(e, "Activity definitions of {Count} activities were not updated after {Attempts} attempts", defined.Count, attempt);
                    return;
                }
            }
        }
    }

    /// <summary>Writes only the activities whose definition the statements change; most batches change none.</summary>
    private async Task SaveAsync(XapiDbContext store, Dictionary<string, JsonObject> defined, CancellationToken cancellationToken)
    {
        var keys = defined.Keys.ToDictionary(KnownActivity.KeyOf, id => id);
        var wanted = keys.Keys.ToList();
        var known = await store.Activities.AsNoTracking().Where(a => wanted.Contains(a.Key)).ToDictionaryAsync(a => a.Key, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (key, id) in keys)
        {
            if (!known.TryGetValue(key, out var row))
            {
                store.Activities.Add(new KnownActivity { Key = key, ActivityId = id, Definition = defined[id].ToJsonString(XapiJson.Options), Updated = now });
                continue;
            }
            var held = JsonNode.Parse(row.Definition)!.AsObject();
            var merged = Merge(held.DeepClone().AsObject(), defined[id]);
            if (JsonNode.DeepEquals(held, merged)) continue;
            row.Definition = merged.ToJsonString(XapiJson.Options);
            row.Updated = now;
            store.Activities.Update(row);
        }
        if (store.ChangeTracker.HasChanges()) await store.SaveChangesAsync(cancellationToken);
    }

    private static JsonObject Merge(JsonObject held, JsonObject sent)
    {
        foreach (var (name, value) in sent)
        {
            if (MergedMaps.Contains(name) && held[name] is JsonObject map && value is JsonObject more)
                foreach (var (entry, entryValue) in more) map[entry] = entryValue?.DeepClone();
            else
                held[name] = value?.DeepClone();
        }
        return held;
    }

    private static IEnumerable<StatementTarget> ActivitiesOf(Statement statement)
    {
        IEnumerable<StatementTarget> InContext(Context? context) => context?.ContextActivities is { } lists
            ? (lists.Parent ?? []).Concat(lists.Grouping ?? []).Concat(lists.Category ?? []).Concat(lists.Other ?? [])
            : [];

        var target = statement.Object!;
        if (target.EffectiveObjectType == "Activity") yield return target;
        if (target.EffectiveObjectType == "SubStatement")
        {
            if (target.Object is { EffectiveObjectType: "Activity" } inner) yield return inner;
            foreach (var activity in InContext(target.Context)) yield return activity;
        }
        foreach (var activity in InContext(statement.Context)) yield return activity;
    }
}
