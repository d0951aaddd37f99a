using System.Text.Json;
using System.Text.RegularExpressions;
using MicroCredLti.XapiCollector.Model;

namespace MicroCredLti.XapiCollector.Agents;

/// <summary>
/// The <c>agent</c> query parameter of the State, Agent Profile and Agents resources: a JSON Agent with exactly one
/// inverse functional identifier (xAPI 1.0.3 Part Two 2.4.2.1, 2.4.2.3). The document resources also take an
/// identified Group (IEEE 9274.1.1, 4.1.6.2).
/// </summary>
internal static partial class AgentParameter
{
    public static (Agent? Agent, string? Error) Parse(string? json, bool allowGroup)
    {
        if (string.IsNullOrEmpty(json)) return (null, "The agent parameter is required.");
        Agent? agent;
        try { agent = JsonSerializer.Deserialize<Agent>(json, XapiJson.Options); }
        catch (JsonException e) { return (null, $"The agent parameter is not a JSON Agent: {e.Message}"); }
        if (agent is null) return (null, "The agent parameter is not a JSON Agent.");
        return Problem(agent, allowGroup) is { } problem ? (null, $"The agent parameter is not a valid Agent: {problem}.") : (agent, null);
    }

    private static string? Problem(Agent agent, bool allowGroup)
    {
        if (agent.ObjectType is not (null or "Agent") && !(allowGroup && agent.ObjectType == "Group"))
            return allowGroup ? "objectType must be Agent or Group" : "objectType must be Agent";
        if (!agent.IsGroup && agent.Member is not null) return "only a Group has members";

        var identifiers = new[] { agent.Mbox, agent.MboxSha1Sum, agent.Openid }.Count(i => i is not null) + (agent.Account is null ? 0 : 1);
        if (identifiers != 1) return "it needs exactly one of mbox, mbox_sha1sum, openid or account";
        if (agent.Mbox is { } mbox && (!mbox.StartsWith("mailto:", StringComparison.Ordinal) || !mbox.Contains('@')))
            return "mbox must be a mailto: IRI";
        if (agent.MboxSha1Sum is { } sha1 && !Sha1().IsMatch(sha1)) return "mbox_sha1sum must be a hex SHA-1 digest";
        if (agent.Openid is { } openid && !Uri.TryCreate(openid, UriKind.Absolute, out _)) return "openid must be an absolute URI";
        if (agent.Account is { } account)
        {
            if (!Uri.TryCreate(account.HomePage, UriKind.Absolute, out _)) return "account.homePage must be an absolute IRL";
            if (string.IsNullOrEmpty(account.Name)) return "account.name is required";
        }
        return null;
    }

    [GeneratedRegex("^[0-9a-fA-F]{40}$")]
    private static partial Regex Sha1();
}
