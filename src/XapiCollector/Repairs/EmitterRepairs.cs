using System.Text.Json.Nodes;

namespace MicroCredLti.XapiCollector.Repairs;

/// <summary>One change a repair made, kept on the stored statement so that nothing the emitter sent is lost.</summary>
public sealed record RepairNote(string Repair, string Path, JsonNode? Original);

/// <summary>
/// Deterministic repairs of defects that real emitters are known to send, applied before validation and only for LRS
/// clients that opt in (strict by default). Each repair fixes one documented defect, the same way every time — so a
/// statement re-sent under the same id is repaired to the same result — and is recorded on the statement under
/// <see cref="RecordExtension"/> with the JSON path and the original value. Anything a repair does not cover is
/// validated, and refused, as usual.
/// </summary>
public static class EmitterRepairs
{
    /// <summary>The context extension that lists the repairs made to a statement.</summary>
    public const string RecordExtension = "urn:microcred:xapi:extension:repairs";

    /// <summary>The repair profiles a client can be given, by name.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<IStatementRepair>> Profiles =
        new Dictionary<string, IReadOnlyList<IStatementRepair>>(StringComparer.Ordinal)
        {
            // Open edX event-routing-backends (seen in its 1.1.x–9.x transformers).
            ["openedx"] = [new GroupActivityObjectType(), new BareUuidContextActivityIds(), new ActivityWithoutId()],
        };

    /// <summary>Repairs each statement (an object, or the objects of an array) in place; returns how many changes were made.</summary>
    public static int Apply(JsonNode body, IReadOnlyCollection<string> profiles)
    {
        var repairs = profiles.SelectMany(p => Profiles.TryGetValue(p, out var list) ? list : []).ToList();
        if (repairs.Count == 0) return 0;
        var statements = body switch
        {
            JsonArray array => array.Select((s, i) => (Statement: s as JsonObject, Path: $"$[{i}]")).ToList(),
            JsonObject single => [(single, "$")],
            _ => [],
        };
        var changes = 0;
        foreach (var (statement, path) in statements)
        {
            if (statement is null) continue;
            var notes = repairs.SelectMany(r => r.Repair(statement, path)).ToList();
            if (notes.Count == 0) continue;
            Record(statement, notes);
            changes += notes.Count;
        }
        return changes;
    }

    private static void Record(JsonObject statement, IReadOnlyList<RepairNote> notes)
    {
        if (statement["context"] is not JsonObject context) statement["context"] = context = new JsonObject();
        if (context["extensions"] is not JsonObject extensions) context["extensions"] = extensions = new JsonObject();
        extensions[RecordExtension] = new JsonArray(notes.Select(n => (JsonNode)new JsonObject
        {
            ["repair"] = n.Repair,
            ["path"] = n.Path,
            ["original"] = n.Original?.DeepClone(),
        }).ToArray());
    }
}

/// <summary>A repair of one known emitter defect.</summary>
public interface IStatementRepair
{
    IEnumerable<RepairNote> Repair(JsonObject statement, string path);
}

/// <summary>
/// Open edX writes <c>objectType: "GroupActivity"</c> for problems with several questions — as the object, and as the
/// parent of each question's statement; xAPI has no such object type (Data 2.4.4.1). The activity is otherwise an
/// Activity with a cmi.interaction definition, so it becomes one.
/// </summary>
internal sealed class GroupActivityObjectType : IStatementRepair
{
    public IEnumerable<RepairNote> Repair(JsonObject statement, string path)
    {
        var candidates = new List<(JsonObject? Activity, string Path)> { (statement["object"] as JsonObject, $"{path}.object") };
        candidates.AddRange(ContextActivities.Of(statement, path));
        foreach (var (activity, at) in candidates)
            if (activity?["objectType"] is JsonValue value && value.ToString() == "GroupActivity")
            {
                activity["objectType"] = "Activity";
                yield return new RepairNote("openedx.group-activity", $"{at}.objectType", "GroupActivity");
            }
    }
}

/// <summary>The activities of a statement's <c>context.contextActivities</c> lists (one object or an array each), with their paths.</summary>
internal static class ContextActivities
{
    private static readonly string[] Lists = ["parent", "grouping", "category", "other"];

    public static IEnumerable<(JsonObject? Activity, string Path)> Of(JsonObject statement, string path)
    {
        if (statement["context"]?["contextActivities"] is not JsonObject activities) yield break;
        foreach (var list in Lists)
        {
            if (activities[list] is JsonArray array)
                for (var i = 0; i < array.Count; i++) yield return (array[i] as JsonObject, $"{path}.context.contextActivities.{list}[{i}]");
            else if (activities[list] is JsonObject single)
                yield return (single, $"{path}.context.contextActivities.{list}");
        }
    }
}

/// <summary>
/// Open edX names exam attempts in <c>contextActivities</c> by a bare UUID, which is not an IRI (Data 2.4.4.1.1). The
/// UUID's own IRI form, <c>urn:uuid:…</c> (RFC 4122 section 3), names the same attempt and keeps it queryable.
/// </summary>
internal sealed class BareUuidContextActivityIds : IStatementRepair
{
    public IEnumerable<RepairNote> Repair(JsonObject statement, string path)
    {
        foreach (var (activity, at) in ContextActivities.Of(statement, path).ToList())
            if (activity?["id"] is JsonValue id && id.TryGetValue<string>(out var text) && Guid.TryParseExact(text, "D", out var uuid))
            {
                activity["id"] = $"urn:uuid:{uuid:D}";
                yield return new RepairNote("openedx.bare-uuid-activity-id", $"{at}.id", text);
            }
    }
}

/// <summary>
/// Open edX can send a problem's Activity without an id when the event lacks the block (Data 2.4.4.1 requires one).
/// The activity cannot be recovered, so it gets an id of its own derived from the statement's id —
/// <c>urn:uuid:</c> of a name-based UUID — which marks it as unidentified and keeps the learner's evidence.
/// Statements without an id of their own are left to be refused: there is nothing stable to derive from.
/// </summary>
internal sealed class ActivityWithoutId : IStatementRepair
{
    public IEnumerable<RepairNote> Repair(JsonObject statement, string path)
    {
        if (statement["object"] is JsonObject target && target["id"] is null
            && (target["objectType"] is null || target["objectType"]?.ToString() == "Activity")
            && statement["id"] is JsonValue id && id.TryGetValue<string>(out var statementId) && Guid.TryParse(statementId, out var uuid))
        {
            target["id"] = $"urn:uuid:{NameBased(uuid):D}";
            yield return new RepairNote("openedx.activity-without-id", $"{path}.object.id", null);
        }
    }

    /// <summary>A version 5 (SHA-1, name-based) UUID of the statement id under a fixed namespace (RFC 4122 section 4.3).</summary>
    private static Guid NameBased(Guid statementId)
    {
        var name = System.Text.Encoding.UTF8.GetBytes(statementId.ToString("D"));
        var input = Namespace.ToByteArray(bigEndian: true).Concat(name).ToArray();
        var hash = System.Security.Cryptography.SHA1.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    private static readonly Guid Namespace = new("5a2f6a3e-0d8e-4c55-9c1e-6f1de3d2a7b1");
}
