using System.Text.Json.Nodes;
using MicroCredLti.LtiTool.Launch;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MicroCredLti.LtiTool.Registration;

/// <summary>
/// What an LMS needs to know of this tool, with the running tool's real URLs: the registration request of LTI Dynamic
/// Registration 1.0 (3.3), and for platforms registered by hand, Canvas's developer key JSON and the values Moodle's
/// and Open edX's forms ask for.
/// </summary>
internal static class ToolConfiguration
{
    public const string ToolName = "MicroCred LTI";
    public const string ToolConfigurationClaim = "https://purl.imsglobal.org/spec/lti-tool-configuration";

    /// <summary>The services the tool asks for: grade passback (AGS) and the roster (NRPS).</summary>
    public static readonly string[] Scopes =
    [
        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
        "https://purl.imsglobal.org/spec/lti-ags/scope/score",
        "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
        "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
    ];

    public static Results<JsonHttpResult<JsonObject>, ProblemHttpResult> For(string platform, HttpRequest request)
    {
        var urls = new ToolUrls(LaunchEndpoints.BaseUrl(request));
        return platform switch
        {
            "canvas" => TypedResults.Json(CanvasDeveloperKey(urls)),
            "moodle" => TypedResults.Json(new JsonObject
            {
                ["Tool name"] = ToolName,
                ["Tool URL"] = urls.Launch,
                ["LTI version"] = "LTI 1.3",
                ["Public key type"] = "Keyset URL",
                ["Public keyset"] = urls.Jwks,
                ["Initiate login URL"] = urls.Login,
                ["Redirection URI(s)"] = urls.Launch,
                ["Supports Deep Linking (Content-Item Message)"] = true,
                ["Content Selection URL"] = urls.Launch,
                ["Services"] = new JsonObject
                {
                    ["IMS LTI Assignment and Grade Services"] = "Use this service for grade sync and column management",
                    ["IMS LTI Names and Role Provisioning"] = "Use this service to retrieve members' information as per privacy settings",
                },
                ["Privacy"] = new JsonObject { ["Share launcher's name with tool"] = "Always", ["Share launcher's email with tool"] = "Always" },
                ["Or register dynamically"] = urls.Register,
            }),
            "openedx" => TypedResults.Json(new JsonObject
            {
                ["LTI Version"] = "LTI 1.3",
                ["Tool Launch URL"] = urls.Launch,
                ["Tool Initiate Login URL"] = urls.Login,
                ["Tool Public Key Mode"] = "Keyset URL",
                ["Tool Keyset URL"] = urls.Jwks,
                ["Deep linking Launch URL"] = urls.Launch,
                ["LTI Assignment and Grades Service"] = "Allow tools to manage and submit grade (programmatic)",
                ["Enable LTI NRPS"] = true,
                ["Send learner's username"] = true,
                ["Send learner's email"] = true,
            }),
            _ => LtiProblems.PlatformNotFound.Result($"There is no configuration for '{platform}'; ask for canvas, moodle or openedx."),
        };
    }

    /// <summary>The client registration the tool sends to a platform's registration endpoint (Dynamic Registration 3.3).</summary>
    public static JsonObject RegistrationRequest(ToolUrls urls, string? productFamilyCode, IReadOnlyCollection<string>? messagesSupported)
    {
        var canvas = productFamilyCode == "canvas";
        var messages = new JsonArray();
        if (messagesSupported is null || messagesSupported.Contains(LtiLaunch.DeepLinkingRequest))
        {
            var deepLinking = new JsonObject
            {
                ["type"] = LtiLaunch.DeepLinkingRequest, ["target_link_uri"] = urls.Launch, ["label"] = "Add a MicroCred credit step",
            };
            if (canvas) deepLinking["placements"] = new JsonArray("link_selection", "assignment_selection");
            messages.Add(deepLinking);
        }
        var toolConfiguration = new JsonObject
        {
            ["domain"] = new Uri(urls.Base).Authority,
            ["target_link_uri"] = urls.Launch,
            ["claims"] = new JsonArray("iss", "sub", "name", "given_name", "family_name", "email"),
            ["messages"] = messages,
        };
        if (canvas)
        {
            // Canvas's own extensions: share names and emails, and carry the SIS id, the registrar's student id.
            toolConfiguration["https://canvas.instructure.com/lti/privacy_level"] = "public";
            toolConfiguration["custom_parameters"] = new JsonObject { ["student_id"] = "$Canvas.user.sisSourceId" };
        }
        return new JsonObject
        {
            ["application_type"] = "web",
            ["response_types"] = new JsonArray("id_token"),
            ["grant_types"] = new JsonArray("implicit", "client_credentials"),
            ["initiate_login_uri"] = urls.Login,
            ["redirect_uris"] = new JsonArray(urls.Launch),
            ["client_name"] = ToolName,
            ["jwks_uri"] = urls.Jwks,
            ["token_endpoint_auth_method"] = "private_key_jwt",
            ["scope"] = string.Join(' ', Scopes),
            [ToolConfigurationClaim] = toolConfiguration,
        };
    }

    private static JsonObject CanvasDeveloperKey(ToolUrls urls) => new()
    {
        ["title"] = ToolName,
        ["description"] = "Credit-bearing micro-credentials from course activity.",
        ["oidc_initiation_url"] = urls.Login,
        ["target_link_uri"] = urls.Launch,
        ["public_jwk_url"] = urls.Jwks,
        ["scopes"] = new JsonArray(Scopes.Select(s => (JsonNode)s).ToArray()),
        ["extensions"] = new JsonArray(new JsonObject
        {
            ["domain"] = new Uri(urls.Base).Host,
            ["platform"] = "canvas.instructure.com",
            ["privacy_level"] = "public",
            ["settings"] = new JsonObject
            {
                ["text"] = ToolName,
                ["placements"] = new JsonArray(
                    Placement("link_selection", LtiLaunch.DeepLinkingRequest, urls),
                    Placement("assignment_selection", LtiLaunch.DeepLinkingRequest, urls),
                    Placement("course_navigation", LtiLaunch.ResourceLinkRequest, urls)),
            },
        }),
        ["custom_fields"] = new JsonObject { ["student_id"] = "$Canvas.user.sisSourceId" },
    };

    private static JsonObject Placement(string placement, string messageType, ToolUrls urls) => new()
    {
        ["placement"] = placement, ["message_type"] = messageType, ["target_link_uri"] = urls.Launch, ["text"] = ToolName,
    };
}

/// <summary>The tool's endpoints under its public base URL.</summary>
internal sealed record ToolUrls(string Base)
{
    public string Login => $"{Base}/lti/login";
    public string Launch => $"{Base}/lti/launch";
    public string Jwks => $"{Base}/lti/jwks";
    public string Register => $"{Base}/lti/register";
}
