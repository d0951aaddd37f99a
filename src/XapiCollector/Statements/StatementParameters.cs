using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MicroCredLti.XapiCollector.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MicroCredLti.XapiCollector.Statements;

/// <summary>How GET /statements writes Agents, Activities and Verbs (xAPI 1.0.3 Part Three 2.1.3, <c>format</c>).</summary>
internal enum StatementFormat
{
    /// <summary>As they were received.</summary>
    Exact,

    /// <summary>Identifiers only: an Agent or Group by its identifier (an anonymous Group by its members'), an Activity or Verb by its id.</summary>
    Ids,

    /// <summary>Activities and Verbs with one language in each language map, chosen by Accept-Language.</summary>
    Canonical,
}

/// <summary>A GET of the Statement Resource: one statement by id, or a filtered page.</summary>
internal sealed record StatementRequest(Guid? StatementId, bool Voided, StatementFilter Filter, StatementFormat Format, bool Attachments);

/// <summary>
/// The query parameters of the Statement Resource, read strictly: names are case-sensitive, each is given at most once,
/// and an LRS refuses any it does not recognise with 400 (xAPI 1.0.3 Part Three 3.2).
/// </summary>
internal static partial class StatementParameters
{
    /// <summary>The cursor of this LRS's <c>more</c> links; not an xAPI parameter, but one the LRS itself hands out.</summary>
    public const string Cursor = "from";

    private static readonly FrozenSet<string> ForGet = FrozenSet.Create(StringComparer.Ordinal,
        "statementId", "voidedStatementId", "agent", "verb", "activity", "registration", "related_activities", "related_agents",
        "since", "until", "limit", "format", "attachments", "ascending", Cursor);

    private static readonly FrozenSet<string> ForPut = FrozenSet.Create(StringComparer.Ordinal, "statementId");

    /// <summary>Besides statementId or voidedStatementId, a single-statement GET takes only these (2.1.3).</summary>
    private static readonly FrozenSet<string> ForSingle = FrozenSet.Create(StringComparer.Ordinal,
        "statementId", "voidedStatementId", "attachments", "format");

    /// <summary>A refusal if <paramref name="query"/> names a parameter the method does not take, or one more than once.</summary>
    public static ProblemHttpResult? CheckNames(string method, IQueryCollection query)
    {
        var allowed = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? ForGet
            : HttpMethods.IsPut(method) ? ForPut
            : FrozenSet<string>.Empty;
        foreach (var (name, values) in query)
        {
            if (!allowed.Contains(name))
            {
                var meant = allowed.FirstOrDefault(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase));
                return XapiProblems.ParameterUnknown.Result(meant is null
                    ? $"{method} /statements does not take a '{name}' parameter."
                    : $"Parameter names are case-sensitive: '{name}' is not '{meant}'.");
            }
            if (values.Count > 1)
                return XapiProblems.ParameterRepeated.Result($"The '{name}' parameter is given {values.Count} times.");
        }
        return null;
    }

    /// <summary>Reads a GET's parameters, whose names <see cref="CheckNames"/> has accepted.</summary>
    public static (StatementRequest? Request, ProblemHttpResult? Problem) ParseGet(IQueryCollection query)
    {
        try
        {
            var format = query["format"].ToString() switch
            {
                "" when !query.ContainsKey("format") => StatementFormat.Exact,
                "exact" => StatementFormat.Exact,
                "ids" => StatementFormat.Ids,
                "canonical" => StatementFormat.Canonical,
                var other => throw new ParameterException($"format '{other}' is not ids, exact or canonical."),
            };
            var attachments = Boolean(query, "attachments");

            var single = query.ContainsKey("statementId") || query.ContainsKey("voidedStatementId");
            if (single)
            {
                if (query.ContainsKey("statementId") && query.ContainsKey("voidedStatementId"))
                    return (null, XapiProblems.ParametersConflict.Result("Ask for a statementId or a voidedStatementId, not both."));
                if (query.Keys.FirstOrDefault(k => !ForSingle.Contains(k)) is { } other)
                    return (null, XapiProblems.ParametersConflict.Result(
                        $"A statementId or voidedStatementId takes only format and attachments beside it, not '{other}'."));
                var voided = query.ContainsKey("voidedStatementId");
                var id = Uuid(query, voided ? "voidedStatementId" : "statementId")!.Value;
                return (new StatementRequest(id, voided, new StatementFilter(), format, attachments), null);
            }

            var filter = new StatementFilter
            {
                Agent = AgentOf(query),
                VerbId = Iri(query, "verb"),
                ActivityId = Iri(query, "activity"),
                Registration = Uuid(query, "registration"),
                RelatedActivities = Boolean(query, "related_activities"),
                RelatedAgents = Boolean(query, "related_agents"),
                Since = Timestamp(query, "since"),
                Until = Timestamp(query, "until"),
                Limit = Limit(query),
                Ascending = Boolean(query, "ascending"),
                Cursor = CursorOf(query),
            };
            return (new StatementRequest(null, false, filter, format, attachments), null);
        }
        catch (ParameterException e)
        {
            return (null, XapiProblems.ParameterInvalid.Result(e.Message));
        }
    }

    private static Agent? AgentOf(IQueryCollection query)
    {
        if (!query.TryGetValue("agent", out var value)) return null;
        Agent? agent;
        try { agent = JsonSerializer.Deserialize<Agent>(value.ToString(), XapiJson.Options); }
        catch (JsonException e) { throw new ParameterException($"agent is not an xAPI Agent or Group in JSON: {e.Message}"); }
        if (agent is null || agent.ObjectType is not (null or "Agent" or "Group"))
            throw new ParameterException("agent must be an Agent or an identified Group.");
        var identifiers = new[] { agent.Mbox, agent.MboxSha1Sum, agent.Openid }.Count(i => i is not null) + (agent.Account is null ? 0 : 1);
        if (identifiers != 1 || StatementIndex.AgentKey(agent) is null)
            throw new ParameterException("agent must have exactly one of mbox, mbox_sha1sum, openid or account (with homePage and name).");
        return agent;
    }

    private static string? Iri(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var value)) return null;
        var text = value.ToString();
        return XapiFormats.IsIri(text) ? text : throw new ParameterException($"{name} must be an absolute IRI.");
    }

    private static Guid? Uuid(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var value)) return null;
        return XapiFormats.IsUuid(value.ToString()) ? Guid.ParseExact(value.ToString(), "D") : throw new ParameterException($"{name} must be a UUID.");
    }

    private static bool Boolean(IQueryCollection query, string name) => query.TryGetValue(name, out var value)
        ? value.ToString() switch
        {
            "true" => true,
            "false" => false,
            _ => throw new ParameterException($"{name} must be true or false."),
        }
        : false;

    /// <summary>
    /// A timestamp as statements carry them (<see cref="XapiFormats.IsTimestamp"/>: a date and time with its offset); an
    /// offset's '+' sent unencoded arrives as a space and is read back as '+'.
    /// </summary>
    private static DateTimeOffset? Timestamp(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var value)) return null;
        var text = value.ToString();
        if (text.Length > 6 && text[^6] == ' ') text = string.Concat(text.AsSpan(0, text.Length - 6), "+", text.AsSpan(text.Length - 5));
        // .NET reads seven fractional digits at most; RFC 3339 allows any number, and the rest is below a tick.
        var readable = LongFraction().Replace(text, m => m.Value[..8]);
        if (!XapiFormats.IsTimestamp(text) || !DateTimeOffset.TryParse(readable, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            throw new ParameterException($"{name} must be a timestamp such as 2024-05-01T12:00:00Z (RFC 3339, with its offset).");
        // Stored times are UTC, and PostgreSQL takes a timestamptz parameter in UTC only.
        return instant.ToUniversalTime();
    }

    private static int Limit(IQueryCollection query)
    {
        if (!query.TryGetValue("limit", out var value)) return StatementQuery.DefaultLimit;
        var text = value.ToString();
        if (text.Length == 0 || !text.All(char.IsAsciiDigit))
            throw new ParameterException("limit must be a nonnegative integer.");
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : int.MaxValue;
    }

    private static PageCursor? CursorOf(IQueryCollection query)
    {
        if (!query.TryGetValue(Cursor, out var value)) return null;
        return PageCursor.Parse(value.ToString())
            ?? throw new ParameterException($"{Cursor} is a position this LRS hands out in 'more' links; this one is not.");
    }

    [GeneratedRegex(@"\.\d{8,}")]
    private static partial Regex LongFraction();

    private sealed class ParameterException(string message) : Exception(message);
}
