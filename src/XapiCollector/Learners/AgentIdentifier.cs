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

    /// <summary>The Agent an identifier written by <see cref="Of"/> stands for, with that identifier alone.</summary>
    public static Agent ToAgent(string identifier)
    {
        var separator = identifier.IndexOf(':');
        var (kind, value) = (identifier[..separator], identifier[(separator + 1)..]);
        return kind switch
        {
            "account" => new Agent { Account = new Account { HomePage = value[..value.LastIndexOf('|')], Name = value[(value.LastIndexOf('|') + 1)..] } },
            "mbox" => new Agent { Mbox = value },
            "mbox_sha1sum" => new Agent { MboxSha1Sum = value },
            "openid" => new Agent { Openid = value },
            _ => throw new FormatException($"'{identifier}' is not an agent identifier."),
        };
    }
}
