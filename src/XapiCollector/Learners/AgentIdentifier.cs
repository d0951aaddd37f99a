using MicroCredLti.XapiCollector.Model;

namespace MicroCredLti.XapiCollector.Learners;

/// <summary>
/// The one inverse functional identifier of an Agent (xAPI 1.0.3 Part Two 2.4.2.3) written as a single key.
/// Account home pages lose a trailing slash: Moodle writes its wwwroot without one, some LMSs with one.
/// </summary>
public static class AgentIdentifier
{
    public static string? Of(Agent agent)
    {
        if (agent.Account is { HomePage: { } homePage, Name: { } name })
            return $"account:{homePage.TrimEnd('/')}|{name}";
        if (agent.Mbox is { } mbox) return $"mbox:{mbox.ToLowerInvariant()}";
        if (agent.MboxSha1Sum is { } sha1) return $"mbox_sha1sum:{sha1.ToLowerInvariant()}";
        if (agent.Openid is { } openid) return $"openid:{openid}";
        return null;
    }
}
