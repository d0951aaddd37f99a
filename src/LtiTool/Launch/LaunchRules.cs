using MicroCredLti.LtiTool.Registration;
using MicroCredLti.ServiceDefaults.Problems;

namespace MicroCredLti.LtiTool.Launch;

/// <summary>A rule a message broke: the catalogue's problem and what to tell the user.</summary>
internal sealed record RuleBreach(ProblemType Problem, string Detail);

/// <summary>
/// What each message type must carry, beyond a valid signature and the login it answers (LTI 1.3 Core 5.1.3, 5.3, 5.4;
/// Deep Linking 2.0 4.4). One rule set per message type the tool accepts; any other type is refused.
/// </summary>
internal static class LaunchRules
{
    private static readonly Dictionary<string, Func<LtiLaunch, bool, RuleBreach?>> ByMessageType = new()
    {
        [LtiLaunch.ResourceLinkRequest] = ResourceLink,
        [LtiLaunch.DeepLinkingRequest] = DeepLinkingRequest,
    };

    public static bool Accepts(string messageType) => ByMessageType.ContainsKey(messageType);

    /// <summary>The first rule <paramref name="launch"/> breaks for <paramref name="platform"/>, or none.</summary>
    public static RuleBreach? Check(LtiLaunch launch, PlatformRegistration platform, LoginState state, bool allowAnonymous)
    {
        if (launch.Nonce != state.Nonce)
            return new(LtiProblems.NonceMismatch, "The id_token's nonce does not belong to this login.");
        if (launch.Version != "1.3.0")
            return new(LtiProblems.VersionUnsupported, $"LTI version '{launch.Version}' is not supported; this tool speaks 1.3.0.");
        if (!ByMessageType.TryGetValue(launch.MessageType, out var rules))
            return new(LtiProblems.MessageTypeUnsupported, $"Message type '{launch.MessageType}' is not supported by this launch endpoint.");
        if (!platform.Allows(launch.DeploymentId))
            return new(LtiProblems.DeploymentUnknown, $"Deployment '{launch.DeploymentId}' is not registered for {platform.Name}.");
        if (launch.TargetLinkUri != state.TargetLinkUri)
            return new(LtiProblems.TargetLinkUriMismatch, "The id_token's target_link_uri is not the one its login asked for.");
        return rules(launch, allowAnonymous);
    }

    /// <summary>Deep Linking 2.0 4.4: its settings with a return URL, roles, a user; the tool returns only resource links.</summary>
    private static RuleBreach? DeepLinkingRequest(LtiLaunch launch, bool allowAnonymous)
    {
        if (launch.RolesClaim is null)
            return new(LtiProblems.RolesMissing, "The id_token has no roles claim (it may be an empty array, not absent).");
        if (launch.DeepLinking is null)
            return new(LtiProblems.DeepLinkingSettingsMissing, "The deep linking request has no deep_linking_settings claim.");
        if (!launch.DeepLinking.AcceptTypes.Contains("ltiResourceLink"))
            return new(LtiProblems.DeepLinkingSettingsMissing, "The platform does not accept LTI resource links here, and that is all this tool adds.");
        if (string.IsNullOrEmpty(launch.Subject))
            return new(LtiProblems.SubjectMissing, "The deep linking request names no user (sub).");
        return null;
    }

    /// <summary>Core 5.3: a resource link, roles (possibly none), and a user unless the launch is anonymous.</summary>
    private static RuleBreach? ResourceLink(LtiLaunch launch, bool allowAnonymous)
    {
        if (launch.RolesClaim is null)
            return new(LtiProblems.RolesMissing, "The id_token has no roles claim (it may be an empty array, not absent).");
        if (launch.ResourceLink is null)
            return new(LtiProblems.ResourceLinkMissing, "The id_token has no resource_link claim.");
        if (string.IsNullOrEmpty(launch.ResourceLink.Id))
            return new(LtiProblems.ResourceLinkMissing, "The id_token's resource_link has no id.");
        if (launch.Subject is null && !allowAnonymous)
            return new(LtiProblems.SubjectMissing, "The id_token names no user (sub), and this tool does not take anonymous launches.");
        if (launch.Subject is "")
            return new(LtiProblems.SubjectMissing, "The id_token's sub is empty; a user id is at least one character (OIDC Core 2).");
        return null;
    }
}
