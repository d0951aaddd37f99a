using System.Globalization;
using System.Text.RegularExpressions;
using MicroCredLti.XapiCollector.Model;

namespace MicroCredLti.XapiCollector.Statements;

/// <summary>
/// Structural rules of xAPI 1.0.3 Part Two section 2.4 that a statement must meet before it is stored.
/// Errors are keyed by a JSON path so that a client can find what to fix.
/// </summary>
public static partial class StatementValidator
{
    public static Dictionary<string, string[]> Validate(IReadOnlyList<Statement> statements)
    {
        var errors = new Dictionary<string, List<string>>();
        for (var i = 0; i < statements.Count; i++)
        {
            var prefix = statements.Count == 1 ? "$" : $"$[{i}]";
            ValidateStatement(statements[i], prefix, errors, isSubStatement: false);
        }
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    private static void ValidateStatement(Statement s, string path, Dictionary<string, List<string>> errors, bool isSubStatement)
    {
        ValidateCore(s.Actor, s.Verb, s.Object, s.Result, s.Context, s.Timestamp, path, errors, isSubStatement);
        if (s.Version is not null && !VersionPattern().IsMatch(s.Version))
            Add(errors, $"{path}.version", "must be a 1.0.x or 2.0.x version");
        if (s.Stored is not null && !IsTimestamp(s.Stored))
            Add(errors, $"{path}.stored", "must be an ISO 8601 timestamp");
        if (s.Authority is not null)
            ValidateAgent(s.Authority, $"{path}.authority", errors);
    }

    private static void ValidateCore(Agent? actor, Verb? verb, StatementTarget? target, Result? result, Context? context,
        string? timestamp, string path, Dictionary<string, List<string>> errors, bool isSubStatement)
    {
        if (actor is null) Add(errors, $"{path}.actor", "is required");
        else ValidateAgent(actor, $"{path}.actor", errors);

        if (verb is null) Add(errors, $"{path}.verb", "is required");
        else if (!IsIri(verb.Id)) Add(errors, $"{path}.verb.id", "must be an absolute IRI");
        else if (verb.Id == Verbs.Voided && target?.ObjectType != "StatementRef")
            Add(errors, $"{path}.object", "a voiding statement's object is a StatementRef to the statement it voids");

        if (target is null) Add(errors, $"{path}.object", "is required");
        else ValidateTarget(target, $"{path}.object", errors, isSubStatement);

        if (result?.Score is { } score) ValidateScore(score, $"{path}.result.score", errors);

        if (context is not null)
        {
            if (target is not null && target.EffectiveObjectType != "Activity" && (context.Revision is not null || context.Platform is not null))
                Add(errors, $"{path}.context", "revision and platform are only allowed when the object is an Activity");
            if (context.Instructor is not null) ValidateAgent(context.Instructor, $"{path}.context.instructor", errors);
            if (context.Team is not null && !context.Team.IsGroup) Add(errors, $"{path}.context.team", "must be a Group");
            if (context.Statement is not null && (context.Statement.ObjectType != "StatementRef" || !Guid.TryParse(context.Statement.Id, out _)))
                Add(errors, $"{path}.context.statement", "must be a StatementRef with a UUID id");
            foreach (var (name, list) in ContextLists(context.ContextActivities))
                for (var i = 0; i < list.Count; i++)
                    if (list[i].EffectiveObjectType != "Activity" || !IsIri(list[i].Id))
                        Add(errors, $"{path}.context.contextActivities.{name}[{i}]", "must be an Activity with an IRI id");
        }

        if (timestamp is not null && !IsTimestamp(timestamp))
            Add(errors, $"{path}.timestamp", "must be an ISO 8601 timestamp with a time zone");
    }

    private static void ValidateTarget(StatementTarget target, string path, Dictionary<string, List<string>> errors, bool isSubStatement)
    {
        switch (target.EffectiveObjectType)
        {
            case "Activity":
                if (!IsIri(target.Id)) Add(errors, $"{path}.id", "an Activity needs an absolute IRI id");
                if (HasAgentFields(target) || HasStatementFields(target)) Add(errors, path, "an Activity has only id and definition");
                break;
            case "Agent":
            case "Group":
                ValidateAgent(new Agent
                {
                    ObjectType = target.ObjectType, Name = target.Name, Mbox = target.Mbox, MboxSha1Sum = target.MboxSha1Sum,
                    Openid = target.Openid, Account = target.Account, Member = target.Member,
                }, path, errors);
                if (target.Id is not null || target.Definition is not null || HasStatementFields(target))
                    Add(errors, path, "an Agent or Group object has no id, definition or statement properties");
                break;
            case "StatementRef":
                if (!Guid.TryParse(target.Id, out _)) Add(errors, $"{path}.id", "a StatementRef needs a UUID id");
                break;
            case "SubStatement":
                if (isSubStatement) { Add(errors, path, "a SubStatement cannot contain another SubStatement"); break; }
                if (target.Id is not null) Add(errors, $"{path}.id", "a SubStatement has no id");
                ValidateCore(target.Actor, target.Verb, target.Object, target.Result, target.Context, target.Timestamp, path, errors, isSubStatement: true);
                break;
            default:
                Add(errors, $"{path}.objectType", "must be Activity, Agent, Group, StatementRef or SubStatement");
                break;
        }
    }

    private static void ValidateAgent(Agent agent, string path, Dictionary<string, List<string>> errors)
    {
        if (agent.ObjectType is not (null or "Agent" or "Group"))
        {
            Add(errors, $"{path}.objectType", "must be Agent or Group");
            return;
        }
        var identifiers = InverseFunctionalIdentifiers(agent, path, errors);
        if (agent.IsGroup)
        {
            if (identifiers > 1) Add(errors, path, "an identified Group has exactly one of mbox, mbox_sha1sum, openid or account");
            if (identifiers == 0 && (agent.Member is null || agent.Member.Count == 0))
                Add(errors, $"{path}.member", "an anonymous Group needs members");
            for (var i = 0; i < (agent.Member?.Count ?? 0); i++)
            {
                if (agent.Member![i].IsGroup) Add(errors, $"{path}.member[{i}]", "a Group's members are Agents");
                else ValidateAgent(agent.Member[i], $"{path}.member[{i}]", errors);
            }
        }
        else
        {
            if (identifiers != 1) Add(errors, path, "an Agent needs exactly one of mbox, mbox_sha1sum, openid or account");
            if (agent.Member is not null) Add(errors, $"{path}.member", "only a Group has members");
        }
    }

    private static int InverseFunctionalIdentifiers(Agent agent, string path, Dictionary<string, List<string>> errors)
    {
        var count = 0;
        if (agent.Mbox is not null)
        {
            count++;
            if (!agent.Mbox.StartsWith("mailto:", StringComparison.Ordinal) || !agent.Mbox.Contains('@'))
                Add(errors, $"{path}.mbox", "must be a mailto: IRI");
        }
        if (agent.MboxSha1Sum is not null)
        {
            count++;
            if (!Sha1Pattern().IsMatch(agent.MboxSha1Sum)) Add(errors, $"{path}.mbox_sha1sum", "must be a hex SHA-1 digest");
        }
        if (agent.Openid is not null)
        {
            count++;
            if (!IsIri(agent.Openid)) Add(errors, $"{path}.openid", "must be an absolute URI");
        }
        if (agent.Account is not null)
        {
            count++;
            if (!IsIri(agent.Account.HomePage)) Add(errors, $"{path}.account.homePage", "must be an absolute IRL");
            if (string.IsNullOrEmpty(agent.Account.Name)) Add(errors, $"{path}.account.name", "is required");
        }
        return count;
    }

    private static void ValidateScore(Score score, string path, Dictionary<string, List<string>> errors)
    {
        if (score.Scaled is < -1 or > 1) Add(errors, $"{path}.scaled", "must be between -1 and 1");
        // Only min > max is refused (XAPI-00081): Open edX sends min = max = 0 for ungraded subsections.
        if (score.Min is { } min && score.Max is { } max && min > max) Add(errors, path, "min must not exceed max");
        if (score.Raw is { } raw && ((score.Min is { } lo && raw < lo) || (score.Max is { } hi && raw > hi)))
            Add(errors, $"{path}.raw", "must lie between min and max");
    }

    private static IEnumerable<(string Name, List<StatementTarget> List)> ContextLists(ContextActivities? activities)
    {
        if (activities is null) yield break;
        if (activities.Parent is { } parent) yield return ("parent", parent);
        if (activities.Grouping is { } grouping) yield return ("grouping", grouping);
        if (activities.Category is { } category) yield return ("category", category);
        if (activities.Other is { } other) yield return ("other", other);
    }

    private static bool HasAgentFields(StatementTarget t) =>
        t.Name is not null || t.Mbox is not null || t.MboxSha1Sum is not null || t.Openid is not null || t.Account is not null || t.Member is not null;

    private static bool HasStatementFields(StatementTarget t) =>
        t.Actor is not null || t.Verb is not null || t.Object is not null || t.Result is not null || t.Context is not null || t.Timestamp is not null;

    internal static bool IsIri(string? value) =>
        !string.IsNullOrWhiteSpace(value) && Uri.TryCreate(value, UriKind.Absolute, out _);

    internal static bool IsTimestamp(string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) && TimeZonePattern().IsMatch(value);

    private static void Add(Dictionary<string, List<string>> errors, string key, string message)
    {
        if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
        list.Add(message);
    }

    [GeneratedRegex(@"^(1\.0(\.\d+)?|2\.0(\.\d+)?)$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex("^[0-9a-fA-F]{40}$")]
    private static partial Regex Sha1Pattern();

    [GeneratedRegex(@"(Z|[+-]\d{2}(:?\d{2})?)$")]
    private static partial Regex TimeZonePattern();
}
