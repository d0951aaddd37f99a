using System.Text.Json.Nodes;
using MicroCredLti.XapiCollector.Model;
using Microsoft.Net.Http.Headers;

namespace MicroCredLti.XapiCollector.Statements;

/// <summary>
/// Writes a stored statement in the <c>format</c> a GET asks for (xAPI 1.0.3 Part Three 2.1.3). Stored statements are
/// exact already; the other two formats rewrite a copy.
/// </summary>
internal static class StatementFormatter
{
    private static readonly string[] AgentIdentifiers = ["mbox", "mbox_sha1sum", "openid", "account"];
    private static readonly string[] ContextLists = ["parent", "grouping", "category", "other"];
    private static readonly string[] InteractionComponents = ["choices", "scale", "source", "target", "steps"];

    public static string Apply(string payload, StatementFormat format, IList<StringWithQualityHeaderValue> languages)
    {
        if (format == StatementFormat.Exact) return payload;
        var statement = JsonNode.Parse(payload)!.AsObject();
        if (format == StatementFormat.Ids) ToIds(statement);
        else ToCanonical(statement, languages);
        return statement.ToJsonString(XapiJson.Options);
    }

    /// <summary>Agents, Groups, Activities and Verbs by what identifies them, in the statement and its SubStatement.</summary>
    private static void ToIds(JsonObject statement)
    {
        Replace(statement, "actor", AgentIds);
        Replace(statement, "authority", AgentIds);
        Replace(statement, "verb", verb => new JsonObject { ["id"] = verb["id"]?.DeepClone() });
        if (statement["object"] is JsonObject target)
        {
            switch (target["objectType"]?.GetValue<string>())
            {
                case null or "Activity":
                    statement["object"] = new JsonObject { ["id"] = target["id"]?.DeepClone() };
                    break;
                case "Agent" or "Group":
                    statement["object"] = AgentIds(target);
                    break;
                case "SubStatement":
                    ToIds(target);
                    break;
            }
        }
        if (statement["context"] is JsonObject context)
        {
            Replace(context, "instructor", AgentIds);
            Replace(context, "team", AgentIds);
            foreach (var activity in ContextActivities(context))
                foreach (var name in activity.Select(p => p.Key).Where(k => k != "id").ToList())
                    activity.Remove(name);
        }
    }

    /// <summary>An Agent or identified Group by its identifier; an anonymous Group by its members'.</summary>
    private static JsonObject AgentIds(JsonObject agent)
    {
        var ids = new JsonObject();
        if (agent["objectType"] is { } objectType) ids["objectType"] = objectType.DeepClone();
        var identifier = AgentIdentifiers.FirstOrDefault(agent.ContainsKey);
        if (identifier is not null)
            ids[identifier] = agent[identifier]!.DeepClone();
        else if (agent["member"] is JsonArray members)
            ids["member"] = new JsonArray(members.OfType<JsonObject>().Select(m => (JsonNode)AgentIds(m)).ToArray());
        return ids;
    }

    /// <summary>
    /// Each language map of an Activity or Verb reduced to the one language the client prefers (Language Filtering
    /// Requirements for Canonical Format Statements). Agents and Groups stay exact. This LRS keeps no canonical
    /// definitions of its own: the statement's are used.
    /// </summary>
    private static void ToCanonical(JsonObject statement, IList<StringWithQualityHeaderValue> languages)
    {
        if (statement["verb"]?["display"] is JsonObject display) OneLanguage(display, languages);
        if (statement["object"] is JsonObject target)
        {
            if (target["objectType"]?.GetValue<string>() is null or "Activity") CanonicalActivity(target, languages);
            else if (target["objectType"]!.GetValue<string>() == "SubStatement") ToCanonical(target, languages);
        }
        if (statement["context"] is JsonObject context)
            foreach (var activity in ContextActivities(context))
                CanonicalActivity(activity, languages);
    }

    private static void CanonicalActivity(JsonObject activity, IList<StringWithQualityHeaderValue> languages)
    {
        if (activity["definition"] is not JsonObject definition) return;
        if (definition["name"] is JsonObject name) OneLanguage(name, languages);
        if (definition["description"] is JsonObject description) OneLanguage(description, languages);
        foreach (var list in InteractionComponents)
            if (definition[list] is JsonArray components)
                foreach (var component in components.OfType<JsonObject>())
                    if (component["description"] is JsonObject componentDescription)
                        OneLanguage(componentDescription, languages);
    }

    private static void OneLanguage(JsonObject map, IList<StringWithQualityHeaderValue> languages)
    {
        if (map.Count <= 1) return;
        var keep = LanguagePreference.Choose(map.Select(p => p.Key).ToList(), languages);
        foreach (var key in map.Select(p => p.Key).Where(k => k != keep).ToList())
            map.Remove(key);
    }

    private static IEnumerable<JsonObject> ContextActivities(JsonObject context) =>
        context["contextActivities"] is JsonObject lists
            ? ContextLists.SelectMany(name => lists[name] switch
            {
                JsonArray array => array.OfType<JsonObject>(),
                JsonObject single => [single],
                _ => [],
            })
            : [];

    private static void Replace(JsonObject parent, string name, Func<JsonObject, JsonObject> replace)
    {
        if (parent[name] is JsonObject value) parent[name] = replace(value);
    }
}

/// <summary>
/// Picks one language tag from a language map by Accept-Language, as RFC 2616 14.4 describes for a whole resource, but
/// per map (xAPI 1.0.3 Part Three 2.1.3): a range matches a tag equal to it or starting with it and '-', the most
/// specific range decides a tag's quality, and '*' matches the rest. If nothing is acceptable, the ranges are shortened
/// one subtag at a time (en-GB, then en) as in RFC 4647 lookup; failing that, the map's first language is kept.
/// </summary>
internal static class LanguagePreference
{
    public static string Choose(IReadOnlyList<string> tags, IList<StringWithQualityHeaderValue> ranges)
    {
        string? best = null;
        var bestQuality = 0.0;
        foreach (var tag in tags)
        {
            var quality = QualityOf(tag, ranges);
            if (quality > bestQuality) (best, bestQuality) = (tag, quality);
        }
        if (best is not null) return best;

        foreach (var range in ranges.Where(r => r.Quality is not 0).OrderByDescending(r => r.Quality ?? 1).Select(r => r.Value.Value ?? ""))
            for (var prefix = range; prefix.Length > 0 && prefix != "*"; prefix = prefix.Contains('-') ? prefix[..prefix.LastIndexOf('-')] : "")
                if (tags.FirstOrDefault(t => string.Equals(t, prefix, StringComparison.OrdinalIgnoreCase)) is { } found)
                    return found;
        return tags[0];
    }

    private static double QualityOf(string tag, IList<StringWithQualityHeaderValue> ranges)
    {
        StringWithQualityHeaderValue? match = null;
        foreach (var range in ranges)
        {
            var value = range.Value.Value ?? "";
            var matches = value == "*"
                ? match is null
                : string.Equals(tag, value, StringComparison.OrdinalIgnoreCase)
                  || tag.StartsWith(value + "-", StringComparison.OrdinalIgnoreCase);
            if (matches && (match is null || match.Value.Value == "*" || value.Length > match.Value.Length))
                match = range;
        }
        return match is null ? 0 : match.Quality ?? 1;
    }
}
