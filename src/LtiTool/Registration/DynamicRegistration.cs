using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredLti.LtiTool.Launch;
using MicroCredLti.LtiTool.Services;
using MicroCredLti.ServiceDefaults.Problems;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MicroCredLti.LtiTool.Registration;

/// <summary>
/// LTI Dynamic Registration 1.0 as Moodle and Canvas perform it: the LMS admin pastes <c>/lti/register</c>; the platform
/// opens it with <c>openid_configuration</c> and <c>registration_token</c>; the tool reads the platform's configuration,
/// registers itself at the platform's registration endpoint, keeps the client_id and deployment it is given, and tells
/// the platform's window to close. Every failure is a page that tells the admin what went wrong and what to do.
/// </summary>
internal sealed class DynamicRegistration(IHttpClientFactory http, PlatformDirectory platforms, IOptions<LtiToolOptions> options,
    ILogger<DynamicRegistration> log)
{
    private const string PlatformConfigurationClaim = "https://purl.imsglobal.org/spec/lti-platform-configuration";

    public static Task<IResult> StartAsync(HttpRequest request, DynamicRegistration registration, CancellationToken cancellationToken) =>
        registration.RegisterAsync(request, cancellationToken);

    private async Task<IResult> RegisterAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var configurationUrl = request.Query["openid_configuration"].ToString();
        var token = request.Query["registration_token"].ToString();
        if (!IsAllowedUrl(configurationUrl))
            return Page(LtiProblems.RegistrationInvalid,
                "Start the registration from your LMS: it opens this page with an openid_configuration URL (https) and a registration token.");

        JsonObject configuration;
        try
        {
            using var client = http.CreateClient(PlatformKeySets.HttpClientName);
            configuration = JsonNode.Parse(await client.GetStringAsync(configurationUrl, cancellationToken)) as JsonObject
                ?? throw new JsonException("not a JSON object");
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or JsonException)
        {
            return Page(LtiProblems.PlatformConfigurationInvalid, $"The LMS's configuration at {configurationUrl} could not be read ({error.Message}).");
        }

        var issuer = PlatformAnswers.Text(configuration, "issuer");
        var (authorization, tokenEndpoint, jwks, registrationEndpoint) = (PlatformAnswers.Text(configuration, "authorization_endpoint"),
            PlatformAnswers.Text(configuration, "token_endpoint"), PlatformAnswers.Text(configuration, "jwks_uri"), PlatformAnswers.Text(configuration, "registration_endpoint"));
        var missing = new[] { ("issuer", issuer), ("authorization_endpoint", authorization), ("token_endpoint", tokenEndpoint),
            ("jwks_uri", jwks), ("registration_endpoint", registrationEndpoint) }.Where(f => !IsAllowedUrl(f.Item2)).Select(f => f.Item1).ToList();
        if (missing.Count > 0)
            return Page(LtiProblems.PlatformConfigurationInvalid, $"The LMS's configuration lacks usable {string.Join(", ", missing)}.");
        if (!IssuerFits(issuer!, configurationUrl))
            return Page(LtiProblems.PlatformConfigurationInvalid,
                $"The LMS's configuration names issuer {issuer}, which is not the site it was read from ({new Uri(configurationUrl).Host}).");

        var platformConfiguration = configuration[PlatformConfigurationClaim] as JsonObject;
        var productFamily = platformConfiguration is null ? null : PlatformAnswers.Text(platformConfiguration, "product_family_code");
        var messagesSupported = (platformConfiguration?["messages_supported"] as JsonArray)?
            .Select(m => (m as JsonObject)?["type"]?.GetValue<string>()).OfType<string>().ToList();
        var registrationRequest = ToolConfiguration.RegistrationRequest(new ToolUrls(LaunchEndpoints.BaseUrl(request)), productFamily, messagesSupported);

        JsonObject registered;
        try
        {
            using var client = http.CreateClient(PlatformKeySets.HttpClientName);
            using var post = new HttpRequestMessage(HttpMethod.Post, registrationEndpoint)
            {
                Content = new StringContent(registrationRequest.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            if (token.Length > 0) post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var answer = await client.SendAsync(post, cancellationToken);
            var body = await answer.Content.ReadAsStringAsync(cancellationToken);
            if (!answer.IsSuccessStatusCode)
                return Page(LtiProblems.RegistrationRefused, $"The LMS answered {(int)answer.StatusCode} {Explain(answer.StatusCode)}: {PlatformAnswers.Excerpt(body)}");
            registered = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("not a JSON object");
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or JsonException)
        {
            return Page(LtiProblems.RegistrationRefused, $"The registration could not be completed ({error.Message}).");
        }

        var clientId = PlatformAnswers.Text(registered, "client_id");
        var deploymentId = (registered[ToolConfiguration.ToolConfigurationClaim] as JsonObject) is { } tool ? PlatformAnswers.Text(tool, "deployment_id") : null;
        if (clientId is null || deploymentId is null)
            return Page(LtiProblems.RegistrationRefused,
                $"The LMS registered the tool but did not say its {(clientId is null ? "client_id" : "deployment_id")}. Register it by hand instead (GET /lti/config/{productFamily ?? "moodle"}).");

        var name = platformConfiguration is null ? issuer! : $"{PlatformAnswers.Text(platformConfiguration, "product_family_code") ?? "LMS"} at {new Uri(issuer!).Host}";
        var change = await platforms.AddAsync(new PlatformInput(name, issuer, clientId, authorization, tokenEndpoint, jwks, [deploymentId], productFamily),
            PlatformSource.DynamicRegistration, cancellationToken);
        if (change is PlatformChange.Refused refused)
            return Page(refused.Problem, refused.Reason);

        log.LogInformation("Registered with {Issuer} by dynamic registration: client_id {ClientId}, deployment {DeploymentId}", issuer, clientId, deploymentId);
        return Results.Content(Registered(name, clientId, deploymentId, productFamily), "text/html; charset=utf-8");
    }

    private bool IsAllowedUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || options.Value.AllowInsecurePlatformEndpoints && uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>
    /// The issuer must be the site the configuration came from (Dynamic Registration 3.5.1), so that a configuration URL
    /// cannot register the tool under another platform's name. Cloud Canvas is the one known exception: its issuer is
    /// canvas.instructure.com for every school, and its configuration is served from the school's instructure.com host.
    /// </summary>
    private static bool IssuerFits(string issuer, string configurationUrl)
    {
        var (issuerHost, configurationHost) = (new Uri(issuer).Host, new Uri(configurationUrl).Host);
        return string.Equals(issuerHost, configurationHost, StringComparison.OrdinalIgnoreCase)
            || issuerHost.EndsWith("canvas.instructure.com", StringComparison.OrdinalIgnoreCase)
                && (configurationHost.EndsWith(".instructure.com", StringComparison.OrdinalIgnoreCase) || configurationHost == "sso.canvaslms.com");
    }

    private static string Explain(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => "(the registration token was refused: it is used once and expires; start the registration again from the LMS)",
        HttpStatusCode.BadRequest => "(the LMS did not accept the tool's registration)",
        _ => "",
    };

    private static IResult Page(ProblemType problem, string detail) =>
        Results.Content(ProblemPage.Render(problem.Title, detail, problem.Code), "text/html; charset=utf-8", statusCode: problem.Status);

    /// <summary>The page the admin sees; it asks the LMS to close the registration window (Dynamic Registration 3.6).</summary>
    private static string Registered(string platform, string clientId, string deploymentId, string? productFamily)
    {
        var next = productFamily switch
        {
            "moodle" => "Moodle keeps the tool pending: activate it under Site administration › Plugins › Activity modules › External tool › Manage tools.",
            "canvas" => "Enable the developer key and the app in Canvas's admin settings to make it available in courses.",
            _ => "Enable the tool in your LMS to make it available in courses.",
        };
        return $$"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>MicroCred LTI is registered</title></head>
            <body>
              <main>
                <h1>MicroCred LTI is registered</h1>
                <p>With {{WebUtility.HtmlEncode(platform)}}: client_id <code>{{WebUtility.HtmlEncode(clientId)}}</code>, deployment <code>{{WebUtility.HtmlEncode(deploymentId)}}</code>.</p>
                <p>{{WebUtility.HtmlEncode(next)}}</p>
              </main>
              <script>(window.opener || window.parent).postMessage({ subject: 'org.imsglobal.lti.close' }, '*');</script>
            </body>
            </html>
            """;
    }
}
