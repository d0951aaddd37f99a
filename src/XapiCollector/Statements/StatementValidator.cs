using System.Text.Json;
using MicroCredLti.XapiCollector.Model;

namespace MicroCredLti.XapiCollector.Statements;

/// <summary>
/// The rules of xAPI 1.0.3 Part Two (2.2–2.6 and 4.0), and of IEEE 9274.1.1 for xAPI 2.0 requests, that a statement must
/// meet before it is stored. Errors are keyed by a JSON path (<c>$</c> for a lone statement, <c>$[i]</c> in a batch) so
/// that a client can find what to fix. Shapes JSON cannot express in the model (wrong types, unknown or miscased
/// properties, nulls) are refused earlier by <see cref="StatementJson"/>; this validator still never throws on a model
/// built in process with nulls in its lists.
/// </summary>
public static class StatementValidator
{
    public const string SignatureUsageType = "http://adlnet.gov/expapi/attachments/signature";

    /// <summary>Data 2.4.4.1, Interaction Activities: each interactionType and the component lists it supports.</summary>
    private static readonly Dictionary<string, string[]> InteractionTypes = new(StringComparer.Ordinal)
    {
        ["true-false"] = [],
        ["choice"] = ["choices"],
        ["fill-in"] = [],
        ["long-fill-in"] = [],
        ["matching"] = ["source", "target"],
        ["performance"] = ["steps"],
        ["sequencing"] = ["choices"],
        ["likert"] = ["scale"],
        ["numeric"] = [],
        ["other"] = [],
    };

    public static Dictionary<string, string[]> Validate(IReadOnlyList<Statement> statements, XapiVersion version = XapiVersion.V1_0_3)
    {
        var validation = new Validation(version);
        for (var i = 0; i < statements.Count; i++)
        {
            var path = PathOf(i, statements.Count);
            if (statements[i] is null) validation.Add(path, "must be a statement");
            else validation.Statement(statements[i], path);
        }
        var repeated = statements.Where(s => s?.Id is not null).GroupBy(s => s.Id).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) validation.Add("$", $"the batch holds statement {repeated.Key} more than once");
        return validation.Errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    /// <summary>The JSON path of the <paramref name="index"/>th statement of a request that held <paramref name="count"/>.</summary>
    public static string PathOf(int index, int count) => count == 1 ? "$" : $"$[{index}]";

    private sealed class Validation(XapiVersion version)
    {
        public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

        public void Add(string key, string message)
        {
            if (!Errors.TryGetValue(key, out var list)) Errors[key] = list = [];
            list.Add(message);
        }

        public void Statement(Statement s, string path)
        {
            Core(s.Actor, s.Verb, s.Object, s.Result, s.Context, s.Timestamp, s.Attachments, path, inSubStatement: false);
            if (s.Stored is not null && !XapiFormats.IsTimestamp(s.Stored))
                Add($"{path}.stored", "must be a timestamp with a time zone (RFC 3339)");
            if (s.Authority is not null) Authority(s.Authority, $"{path}.authority");
            if (s.Version is not null && !XapiFormats.IsStatementVersion(s.Version, version))
                Add($"{path}.version", version == XapiVersion.V2_0_0 ? "must be a 1.0.x or 2.0.x version" : "must be a 1.0.x version");
        }

        // What a Statement and a SubStatement share (Data 2.4.4.3: a SubStatement has no id, stored, version or authority;
        // the model has no place for them there, so they are refused as unknown properties).
        private void Core(Agent? actor, Verb? verb, StatementTarget? target, Result? result, Context? context, string? timestamp,
            List<Attachment>? attachments, string path, bool inSubStatement)
        {
            if (actor is null) Add($"{path}.actor", "is required");
            else Actor(actor, $"{path}.actor");

            if (verb is null) Add($"{path}.verb", "is required");
            else Verb(verb, $"{path}.verb");

            if (target is null) Add($"{path}.object", "is required");
            else Object(target, $"{path}.object", inSubStatement);

            // Data 2.3.2: a voiding statement's object is a StatementRef to the statement it voids.
            if (verb?.Id == Verbs.Voided && target is not null && target.ObjectType != "StatementRef")
                Add($"{path}.object", "a voiding statement's object is a StatementRef to the statement it voids");

            if (result is not null) Result(result, $"{path}.result");
            if (context is not null) Context(context, $"{path}.context", target);
            if (timestamp is not null && !XapiFormats.IsTimestamp(timestamp))
                Add($"{path}.timestamp", "must be a timestamp with a time zone (RFC 3339), and not the unknown offset -00:00");
            if (attachments is not null)
                for (var i = 0; i < attachments.Count; i++)
                    Attachment(attachments[i], $"{path}.attachments[{i}]");
        }

        /// <summary>Data 2.4.2: an actor is an Agent or a Group.</summary>
        private void Actor(Agent agent, string path)
        {
            switch (agent.ObjectType)
            {
                case null or "Agent": Agent(agent, path); break;
                case "Group": Group(agent, path); break;
                default: Add($"{path}.objectType", "must be Agent or Group"); break;
            }
        }

        /// <summary>Data 2.4.2.1: an Agent has exactly one inverse functional identifier and no members.</summary>
        private void Agent(Agent agent, string path)
        {
            if (agent.ObjectType is not (null or "Agent")) { Add($"{path}.objectType", "must be Agent"); return; }
            if (Identifiers(agent, path) != 1) Add(path, "an Agent needs exactly one of mbox, mbox_sha1sum, openid or account");
            if (agent.Member is not null) Add($"{path}.member", "only a Group has members");
        }

        /// <summary>
        /// Data 2.4.2.2: an identified Group has exactly one inverse functional identifier; an anonymous one has none and
        /// lists its members. Members are Agents, never Groups.
        /// </summary>
        private void Group(Agent group, string path)
        {
            if (group.ObjectType != "Group") { Add($"{path}.objectType", "must be Group"); return; }
            var identifiers = Identifiers(group, path);
            if (identifiers > 1) Add(path, "an identified Group has exactly one of mbox, mbox_sha1sum, openid or account");
            if (identifiers == 0 && (group.Member is null || group.Member.Count == 0))
                Add($"{path}.member", "an anonymous Group lists its members");
            Members(group.Member, $"{path}.member");
        }

        private void Members(List<Agent>? members, string path)
        {
            for (var i = 0; i < (members?.Count ?? 0); i++)
            {
                if (members![i] is null) Add($"{path}[{i}]", "must be an Agent");
                else if (members[i].ObjectType == "Group") Add($"{path}[{i}].objectType", "a Group's members are Agents");
                else Agent(members[i], $"{path}[{i}]");
            }
        }

        /// <summary>Data 2.4.2.3: the identifiers an Agent or identified Group may carry, each in its format.</summary>
        private int Identifiers(Agent agent, string path)
        {
            var count = 0;
            if (agent.Mbox is not null)
            {
                count++;
                if (!XapiFormats.IsMailtoIri(agent.Mbox)) Add($"{path}.mbox", "must be a mailto: IRI of one e-mail address");
            }
            if (agent.MboxSha1Sum is not null)
            {
                count++;
                if (!XapiFormats.IsSha1Hex(agent.MboxSha1Sum)) Add($"{path}.mbox_sha1sum", "must be the hex SHA-1 of a mailto: IRI");
            }
            if (agent.Openid is not null)
            {
                count++;
                if (!XapiFormats.IsIri(agent.Openid)) Add($"{path}.openid", "must be an absolute URI");
            }
            if (agent.Account is not null)
            {
                count++;
                if (!XapiFormats.IsIri(agent.Account.HomePage)) Add($"{path}.account.homePage", "must be an absolute IRL");
                if (string.IsNullOrEmpty(agent.Account.Name)) Add($"{path}.account.name", "is required");
            }
            return count;
        }

        /// <summary>
        /// Data 2.4.9: the authority is an Agent, or — for OAuth with a user — an anonymous Group of exactly two Agents,
        /// the application and the user.
        /// </summary>
        private void Authority(Agent authority, string path)
        {
            if (authority.ObjectType != "Group") { Agent(authority, path); return; }
            if (Identifiers(authority, path) > 0) Add(path, "an authority Group is anonymous: it has no mbox, mbox_sha1sum, openid or account");
            if (authority.Member?.Count != 2) Add($"{path}.member", "an authority Group has exactly two Agents: the application and the user");
            Members(authority.Member, $"{path}.member");
        }

        /// <summary>Data 2.4.3: a Verb is an IRI and, optionally, its display in several languages.</summary>
        private void Verb(Verb verb, string path)
        {
            if (!XapiFormats.IsIri(verb.Id)) Add($"{path}.id", "must be an absolute IRI");
            LanguageMap(verb.Display, $"{path}.display");
        }

        /// <summary>Data 2.4.4: the object is an Activity, an Agent or Group, a StatementRef or a SubStatement.</summary>
        private void Object(StatementTarget target, string path, bool inSubStatement)
        {
            switch (target.EffectiveObjectType)
            {
                case "Activity":
                    if (!XapiFormats.IsIri(target.Id)) Add($"{path}.id", "an Activity needs an absolute IRI id");
                    if (HasAgentFields(target) || HasStatementFields(target)) Add(path, "an Activity has only objectType, id and definition");
                    if (target.Definition is not null) Definition(target.Definition, $"{path}.definition");
                    break;
                case "Agent":
                case "Group":
                    var agent = new Agent
                    {
                        ObjectType = target.ObjectType, Name = target.Name, Mbox = target.Mbox, MboxSha1Sum = target.MboxSha1Sum,
                        Openid = target.Openid, Account = target.Account, Member = target.Member,
                    };
                    if (agent.IsGroup) Group(agent, path); else Agent(agent, path);
                    if (target.Id is not null || target.Definition is not null || HasStatementFields(target))
                        Add(path, "an Agent or Group object has no id, definition or statement properties");
                    break;
                case "StatementRef":
                    // Data 2.4.4.3: a StatementRef is its objectType and the UUID of the statement it refers to.
                    if (!XapiFormats.IsUuid(target.Id)) Add($"{path}.id", "a StatementRef needs a UUID id");
                    if (target.Definition is not null || HasAgentFields(target) || HasStatementFields(target))
                        Add(path, "a StatementRef has only objectType and id");
                    break;
                case "SubStatement":
                    if (inSubStatement) { Add($"{path}.objectType", "a SubStatement cannot contain another SubStatement"); break; }
                    if (target.Id is not null) Add($"{path}.id", "a SubStatement has no id");
                    if (target.Definition is not null || HasAgentFields(target)) Add(path, "a SubStatement has only statement properties");
                    Core(target.Actor, target.Verb, target.Object, target.Result, target.Context, target.Timestamp, target.Attachments, path,
                        inSubStatement: true);
                    break;
                default:
                    Add($"{path}.objectType", "must be Activity, Agent, Group, StatementRef or SubStatement");
                    break;
            }
        }

        /// <summary>Data 2.4.4.1: an Activity Definition, its IRIs, language maps and interaction properties.</summary>
        private void Definition(ActivityDefinition definition, string path)
        {
            LanguageMap(definition.Name, $"{path}.name");
            LanguageMap(definition.Description, $"{path}.description");
            if (definition.Type is not null && !XapiFormats.IsIri(definition.Type)) Add($"{path}.type", "must be an absolute IRI");
            if (definition.MoreInfo is not null && !XapiFormats.IsIri(definition.MoreInfo)) Add($"{path}.moreInfo", "must be an absolute IRL");
            Extensions(definition.Extensions, $"{path}.extensions");

            var lists = new (string Name, List<InteractionComponent>? Components)[]
            {
                ("choices", definition.Choices), ("scale", definition.Scale), ("source", definition.Source),
                ("target", definition.Target), ("steps", definition.Steps),
            };
            if (definition.InteractionType is null)
            {
                if (definition.CorrectResponsesPattern is not null || lists.Any(l => l.Components is not null))
                    Add($"{path}.interactionType", "is required when correctResponsesPattern or an interaction component list is used");
            }
            else if (!InteractionTypes.TryGetValue(definition.InteractionType, out var supported))
                Add($"{path}.interactionType", $"must be one of {string.Join(", ", InteractionTypes.Keys)}");
            else
                // The LRS may check the rest of an interaction (Data 2.4.4.1.s10): a list belongs to the types that use it.
                foreach (var (name, components) in lists)
                    if (components is not null && !supported.Contains(name))
                        Add($"{path}.{name}", $"is not a component list of a {definition.InteractionType} interaction");

            if (definition.CorrectResponsesPattern is { } patterns)
                for (var i = 0; i < patterns.Count; i++)
                    if (patterns[i] is null) Add($"{path}.correctResponsesPattern[{i}]", "must be a string");

            foreach (var (name, components) in lists)
            {
                if (components is null) continue;
                var ids = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < components.Count; i++)
                {
                    var at = $"{path}.{name}[{i}]";
                    if (components[i] is null) { Add(at, "must be an interaction component"); continue; }
                    if (string.IsNullOrEmpty(components[i].Id)) Add($"{at}.id", "is required");
                    else if (!ids.Add(components[i].Id!)) Add($"{at}.id", "repeats an id of the same list (ids within a list are distinct)");
                    LanguageMap(components[i].Description, $"{at}.description");
                }
            }
        }

        /// <summary>Data 2.4.5: Result, its score, duration and extensions.</summary>
        private void Result(Result result, string path)
        {
            if (result.Score is { } score)
            {
                var at = $"{path}.score";
                if (score.Scaled is < -1 or > 1) Add($"{at}.scaled", "must be between -1 and 1");
                // Only min > max is refused (XAPI-00081): Open edX sends min = max = 0 for ungraded subsections.
                if (score.Min is { } min && score.Max is { } max && min > max) Add(at, "min must not exceed max");
                if (score.Raw is { } raw && ((score.Min is { } lo && raw < lo) || (score.Max is { } hi && raw > hi)))
                    Add($"{at}.raw", "must lie between min and max");
            }
            if (result.Duration is not null && !XapiFormats.IsDuration(result.Duration))
                Add($"{path}.duration", "must be an ISO 8601 duration such as PT1H30M or P3DT4H (Data 4.6)");
            Extensions(result.Extensions, $"{path}.extensions");
        }

        /// <summary>Data 2.4.6: Context; IEEE 9274.1.1 adds contextAgents and contextGroups.</summary>
        private void Context(Context context, string path, StatementTarget? target)
        {
            // Data 2.4.6.s4: revision and platform only describe an Activity object.
            if (target is not null && target.EffectiveObjectType != "Activity")
            {
                if (context.Revision is not null) Add($"{path}.revision", "is only allowed when the object is an Activity");
                if (context.Platform is not null) Add($"{path}.platform", "is only allowed when the object is an Activity");
            }
            if (context.Instructor is not null) Actor(context.Instructor, $"{path}.instructor");
            if (context.Team is not null)
            {
                if (context.Team.ObjectType != "Group") Add($"{path}.team.objectType", "the team is a Group");
                else Group(context.Team, $"{path}.team");
            }
            if (context.Language is not null && !XapiFormats.IsLanguageTag(context.Language))
                Add($"{path}.language", "must be an RFC 5646 language tag");
            if (context.Statement is not null)
            {
                if (context.Statement.ObjectType != "StatementRef") Add($"{path}.statement.objectType", "must be StatementRef");
                else Object(context.Statement, $"{path}.statement", inSubStatement: true);
            }
            ContextActivities(context.ContextActivities, $"{path}.contextActivities");
            Extensions(context.Extensions, $"{path}.extensions");

            if (version == XapiVersion.V1_0_3)
            {
                if (context.ContextAgents is not null) Add($"{path}.contextAgents", "is xAPI 2.0; send X-Experience-API-Version 2.0.0");
                if (context.ContextGroups is not null) Add($"{path}.contextGroups", "is xAPI 2.0; send X-Experience-API-Version 2.0.0");
                return;
            }
            for (var i = 0; i < (context.ContextAgents?.Count ?? 0); i++)
            {
                var at = $"{path}.contextAgents[{i}]";
                var contextAgent = context.ContextAgents![i];
                if (contextAgent is null) { Add(at, "must be a contextAgent object"); continue; }
                if (contextAgent.ObjectType != "contextAgent") Add($"{at}.objectType", "must be contextAgent");
                if (contextAgent.Agent is null) Add($"{at}.agent", "is required");
                else Agent(contextAgent.Agent, $"{at}.agent");
                RelevantTypes(contextAgent.RelevantTypes, $"{at}.relevantTypes");
            }
            for (var i = 0; i < (context.ContextGroups?.Count ?? 0); i++)
            {
                var at = $"{path}.contextGroups[{i}]";
                var contextGroup = context.ContextGroups![i];
                if (contextGroup is null) { Add(at, "must be a contextGroup object"); continue; }
                if (contextGroup.ObjectType != "contextGroup") Add($"{at}.objectType", "must be contextGroup");
                if (contextGroup.Group is null) Add($"{at}.group", "is required");
                else Group(contextGroup.Group, $"{at}.group");
                RelevantTypes(contextGroup.RelevantTypes, $"{at}.relevantTypes");
            }
        }

        private void RelevantTypes(List<string>? types, string path)
        {
            if (types is null) return;
            if (types.Count == 0) Add(path, "lists at least one Activity type IRI when present");
            for (var i = 0; i < types.Count; i++)
                if (!XapiFormats.IsIri(types[i])) Add($"{path}[{i}]", "must be an absolute IRI");
        }

        /// <summary>
        /// Data 2.4.6.2: each of parent, grouping, category and other holds Activities with IRI ids. An activity that
        /// is not one is named by its place in the list.
        /// </summary>
        private void ContextActivities(ContextActivities? activities, string path)
        {
            if (activities is null) return;
            foreach (var (name, list) in new[] { ("parent", activities.Parent), ("grouping", activities.Grouping),
                         ("category", activities.Category), ("other", activities.Other) })
            {
                for (var i = 0; i < (list?.Count ?? 0); i++)
                {
                    var at = $"{path}.{name}[{i}]";
                    var activity = list![i];
                    if (activity is null || activity.EffectiveObjectType != "Activity" || !XapiFormats.IsIri(activity.Id))
                    {
                        Add(at, "must be an Activity with an absolute IRI id");
                        continue;
                    }
                    if (HasAgentFields(activity) || HasStatementFields(activity)) Add(at, "an Activity has only objectType, id and definition");
                    if (activity.Definition is not null) Definition(activity.Definition, $"{at}.definition");
                }
            }
        }

        /// <summary>
        /// Data 2.4.11: an attachment's metadata. A signature (Data 2.6) is a JWS sent as application/octet-stream.
        /// </summary>
        private void Attachment(Attachment? attachment, string path)
        {
            if (attachment is null) { Add(path, "must be an attachment object"); return; }
            if (!XapiFormats.IsIri(attachment.UsageType)) Add($"{path}.usageType", "must be an absolute IRI");
            if (attachment.Display is null) Add($"{path}.display", "is required");
            LanguageMap(attachment.Display, $"{path}.display");
            LanguageMap(attachment.Description, $"{path}.description");
            if (!XapiFormats.IsMediaType(attachment.ContentType)) Add($"{path}.contentType", "must be an Internet media type");
            if (attachment.Length is null) Add($"{path}.length", "is required");
            else if (attachment.Length < 0) Add($"{path}.length", "must not be negative");
            if (!XapiFormats.IsSha2Hex(attachment.Sha2)) Add($"{path}.sha2", "must be the hex SHA-2 of the attachment's content");
            if (attachment.FileUrl is not null && !XapiFormats.IsIri(attachment.FileUrl)) Add($"{path}.fileUrl", "must be an absolute IRL");
            if (attachment.UsageType == SignatureUsageType && attachment.ContentType != "application/octet-stream")
                Add($"{path}.contentType", "a signature is a JWS sent as application/octet-stream (Data 2.6)");
        }

        /// <summary>Data 4.2: a language map's keys are RFC 5646 language tags and its values strings.</summary>
        private void LanguageMap(Dictionary<string, string>? map, string path)
        {
            if (map is null) return;
            foreach (var (tag, text) in map)
            {
                if (!XapiFormats.IsLanguageTag(tag)) Add(path + StatementJson.PropertyPath(tag), "is not an RFC 5646 language tag");
                else if (text is null) Add(path + StatementJson.PropertyPath(tag), "must be a string");
            }
        }

        /// <summary>Data 4.1: extension keys are IRIs; their values may be any JSON, null included.</summary>
        private void Extensions(Dictionary<string, JsonElement>? extensions, string path)
        {
            if (extensions is null) return;
            foreach (var key in extensions.Keys)
                if (!XapiFormats.IsIri(key)) Add(path + StatementJson.PropertyPath(key), "an extension key must be an absolute IRI");
        }
    }

    private static bool HasAgentFields(StatementTarget t) =>
        t.Name is not null || t.Mbox is not null || t.MboxSha1Sum is not null || t.Openid is not null || t.Account is not null || t.Member is not null;

    private static bool HasStatementFields(StatementTarget t) =>
        t.Actor is not null || t.Verb is not null || t.Object is not null || t.Result is not null || t.Context is not null
        || t.Timestamp is not null || t.Attachments is not null;
}
