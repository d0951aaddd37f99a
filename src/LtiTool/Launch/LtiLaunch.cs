using System.Text.Json;

namespace MicroCredLti.LtiTool.Launch;

/// <summary>The claims of a validated LTI 1.3 resource link launch (LTI 1.3 Core, section 5).</summary>
public sealed record LtiLaunch(
    string MessageType,
    string Version,
    string DeploymentId,
    string TargetLinkUri,
    string? Subject,
    string? Name,
    string? Email,
    IReadOnlyList<string> Roles,
    string? ResourceLinkId,
    string? ResourceLinkTitle,
    string? ContextId,
    string? ContextTitle,
    string? StudentId,
    string? Nonce)
{
    public const string ClaimPrefix = "https://purl.imsglobal.org/spec/lti/claim/";
    public const string ResourceLinkRequest = "LtiResourceLinkRequest";

    private static readonly string[] StaffRoles = ["Instructor", "Administrator", "ContentDeveloper"];

    /// <summary>
    /// Instructors, administrators and content developers, whether the platform sends full role URIs
    /// (<c>http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor</c>) or the short forms some still use.
    /// </summary>
    public bool IsStaff => Roles.Any(role => StaffRoles.Contains(role[(role.LastIndexOfAny(['#', '/']) + 1)..]));

    public static LtiLaunch FromPayload(JsonElement payload) => new(
        MessageType: Text(payload, ClaimPrefix + "message_type") ?? "",
        Version: Text(payload, ClaimPrefix + "version") ?? "",
        DeploymentId: Text(payload, ClaimPrefix + "deployment_id") ?? "",
        TargetLinkUri: Text(payload, ClaimPrefix + "target_link_uri") ?? "",
        Subject: Text(payload, "sub"),
        Name: Text(payload, "name"),
        Email: Text(payload, "email"),
        Roles: payload.TryGetProperty(ClaimPrefix + "roles", out var roles) && roles.ValueKind == JsonValueKind.Array
            ? roles.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).ToList()
            : [],
        ResourceLinkId: Nested(payload, ClaimPrefix + "resource_link", "id"),
        ResourceLinkTitle: Nested(payload, ClaimPrefix + "resource_link", "title"),
        ContextId: Nested(payload, ClaimPrefix + "context", "id"),
        ContextTitle: Nested(payload, ClaimPrefix + "context", "title"),
        StudentId: Nested(payload, ClaimPrefix + "lis", "person_sourcedid"),
        Nonce: Text(payload, "nonce"));

    public bool HasRolesClaim(JsonElement payload) => payload.TryGetProperty(ClaimPrefix + "roles", out var r) && r.ValueKind == JsonValueKind.Array;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Nested(JsonElement element, string claim, string name) =>
        element.TryGetProperty(claim, out var value) && value.ValueKind == JsonValueKind.Object ? Text(value, name) : null;
}
