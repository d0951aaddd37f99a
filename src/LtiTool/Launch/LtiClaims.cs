namespace MicroCredLti.LtiTool.Launch;

/// <summary>The resource link a launch is for (LTI 1.3 Core 5.3.5).</summary>
public sealed record ResourceLinkClaim(string Id, string? Title, string? Description);

/// <summary>The course or other context the launch is in (Core 5.4.1).</summary>
public sealed record ContextClaim(string Id, string? Label, string? Title, IReadOnlyList<string> Types);

/// <summary>The institution's identifiers for the user and the course section (Core 5.4.4): the link to the registrar.</summary>
public sealed record LisClaim(string? PersonSourcedId, string? CourseSectionSourcedId);

/// <summary>The platform instance that sent the message (Core 5.4.2).</summary>
public sealed record ToolPlatformClaim(string Guid, string? Name, string? ProductFamilyCode, string? Version);

/// <summary>The Assignment and Grade Services endpoint (AGS 2.0, 3.1).</summary>
public sealed record AgsEndpointClaim(IReadOnlyList<string> Scopes, string? LineItems, string? LineItem);

/// <summary>The Names and Role Provisioning Services endpoint (NRPS 2.0, 3.6.1).</summary>
public sealed record NrpsClaim(string ContextMembershipsUrl, IReadOnlyList<string> ServiceVersions);

/// <summary>What a deep linking request lets the tool return (Deep Linking 2.0, 4.4.1).</summary>
public sealed record DeepLinkingSettingsClaim(
    string ReturnUrl,
    IReadOnlyList<string> AcceptTypes,
    IReadOnlyList<string> AcceptPresentationDocumentTargets,
    bool AcceptMultiple,
    bool AutoCreate,
    string? Title,
    string? Text,
    string? Data);

/// <summary>
/// A validated LTI 1.3 message: its claims as types (Core 5.3 and 5.4; Deep Linking 4.4; AGS 3.1; NRPS 3.6.1).
/// Which claims a message must carry depends on its type (<see cref="LaunchRules"/>).
/// </summary>
public sealed record LtiLaunch
{
    public const string ClaimPrefix = "https://purl.imsglobal.org/spec/lti/claim/";
    public const string ResourceLinkRequest = "LtiResourceLinkRequest";
    public const string DeepLinkingRequest = "LtiDeepLinkingRequest";

    private static readonly string[] StaffRoles = ["Instructor", "Administrator", "ContentDeveloper"];

    public required string MessageType { get; init; }
    public required string Version { get; init; }
    public required string DeploymentId { get; init; }
    public required string TargetLinkUri { get; init; }

    /// <summary>The user's id at the platform; none for an anonymous launch (Core 5.3.6).</summary>
    public string? Subject { get; init; }

    public string? Name { get; init; }
    public string? Email { get; init; }
    /// <summary>The roles claim as sent; none when the platform left it out, which Core 5.3.7 does not allow.</summary>
    public IReadOnlyList<string>? RolesClaim { get; init; }

    public IReadOnlyList<string> Roles => RolesClaim ?? [];
    public ResourceLinkClaim? ResourceLink { get; init; }
    public ContextClaim? Context { get; init; }
    public LisClaim? Lis { get; init; }
    public ToolPlatformClaim? ToolPlatform { get; init; }
    public AgsEndpointClaim? Ags { get; init; }
    public NrpsClaim? Nrps { get; init; }
    public DeepLinkingSettingsClaim? DeepLinking { get; init; }
    public IReadOnlyDictionary<string, string> Custom { get; init; } = new Dictionary<string, string>();
    public required string Nonce { get; init; }

    public string? ResourceLinkId => ResourceLink?.Id;
    public string? ResourceLinkTitle => ResourceLink?.Title;
    public string? ContextId => Context?.Id;
    public string? ContextTitle => Context?.Title;
    public string? StudentId => Lis?.PersonSourcedId;

    /// <summary>
    /// Instructors, administrators and content developers, whether the platform sends full role URIs
    /// (<c>http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor</c>) or the short forms some still use.
    /// </summary>
    public bool IsStaff => Roles.Any(role => StaffRoles.Contains(role[(role.LastIndexOfAny(['#', '/']) + 1)..]));
}
