using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MicroCredLti.Tests.Infrastructure;

public sealed record LmsUser(string Id, string Name, string Email, string[] Roles, string? StudentId = null)
{
    public const string Learner = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner";
    public const string Instructor = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor";
}

public sealed record ResourceLink(string Id, string Title, string CourseId, string CourseTitle);

/// <summary>
/// A test-side LTI 1.3 platform on a real loopback port (shared/PLATFORMS.md). As Moodle 4.x's mod_lti: its wwwroot is the
/// issuer, its own RSA key is published at /mod/lti/certs.php, id_tokens are signed RS256 at /mod/lti/auth.php and live
/// 60 seconds, deployment id "1", the login hint is the Moodle user id. As cloud Canvas: one issuer for every instance,
/// registrations told apart by the developer key's client_id, and Canvas's extra login parameters.
/// </summary>
public sealed class PlatformEmulator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, (LmsUser User, ResourceLink Link)> pendingLaunches = new();

    private PlatformEmulator(WebApplication app) => this.app = app;

    public const string CanvasIssuer = "https://canvas.instructure.com";

    /// <summary>Where the platform's endpoints listen.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Moodle's issuer is its wwwroot (here <see cref="BaseUrl"/>); Canvas's is the same for every instance.</summary>
    public string Issuer { get; private set; } = "";

    public string Family { get; private set; } = "moodle";
    public string ClientId { get; private set; } = "";
    public string DeploymentId { get; private set; } = "1";
    /// <summary>The key the platform signs with and publishes; replace it to rotate keys.</summary>
    public RsaSecurityKey SigningKey { get; set; } = NewKey();

    public static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N")[..16] };

    /// <summary>Signs id_tokens with this key instead, e.g. one the platform never published.</summary>
    public SecurityKey? SignWith { get; set; }

    /// <summary>The key set endpoint answers 503, as an LMS that is down or restarting does.</summary>
    public bool KeySetUnavailable { get; set; }

    /// <summary>The key set endpoint takes this long to answer, as an overloaded LMS does.</summary>
    public TimeSpan KeySetDelay { get; set; }

    /// <summary>Changes the id_token's claims before signing.</summary>
    public Action<Dictionary<string, object>>? AlterClaims { get; set; }

    /// <summary>Header parameters added to the id_token's JOSE header, e.g. <c>crit</c>.</summary>
    public Dictionary<string, object>? ExtraHeader { get; set; }

    /// <summary>Changes the signed id_token's text, as an attacker or a broken proxy would.</summary>
    public Func<string, string>? AlterIdToken { get; set; }

    /// <summary>The key set's <c>Cache-Control</c> header, if any.</summary>
    public string? KeySetCacheControl { get; set; }

    /// <summary>How many times the key set has been fetched.</summary>
    public int KeySetFetches => keySetFetches;

    private int keySetFetches;

    /// <summary>The token the platform puts on the registration URL it opens, and accepts once at its registration endpoint.</summary>
    public string RegistrationToken { get; set; } = Guid.NewGuid().ToString("N");

    /// <summary>The issuer the OpenID configuration announces; the platform's own by default.</summary>
    public string? AnnouncedIssuer { get; set; }

    /// <summary>The client registration the tool last sent (Dynamic Registration 3.3).</summary>
    public System.Text.Json.Nodes.JsonObject? LastRegistration { get; private set; }

    /// <summary>Reads the tool's JWKS, so the token endpoint can check the tool's client assertions.</summary>
    public Func<Task<string>>? ToolKeySet { get; set; }

    /// <summary>The client assertion of the last token request, and how many token requests there were.</summary>
    public string? LastClientAssertion { get; private set; }

    public int TokenRequests => tokenRequests;

    private int tokenRequests;

    /// <summary>Statuses the service endpoints answer with before they answer properly, as a busy LMS does ("403" is Canvas's rate limit).</summary>
    public ConcurrentQueue<int> ServiceFailures { get; } = new();

    /// <summary>Every request to the AGS endpoints, as "METHOD path?query".</summary>
    public ConcurrentQueue<string> ServiceRequests { get; } = new();

    /// <summary>The course's gradebook columns (AGS line items), in creation order.</summary>
    public List<System.Text.Json.Nodes.JsonObject> LineItems { get; } = [];

    /// <summary>Scores posted, by line item number and user id.</summary>
    public ConcurrentDictionary<(int LineItem, string User), System.Text.Json.Nodes.JsonObject> Scores { get; } = new();

    /// <summary>Lists every line item whatever resource_id and tag ask for, as some platforms do.</summary>
    public bool IgnoresLineItemFilter { get; set; }

    /// <summary>The course's members as NRPS lists them; each may name the resource links it can see (for rlid).</summary>
    public List<(System.Text.Json.Nodes.JsonObject Member, string[] ResourceLinks)> Members { get; } = [];

    /// <summary>The NRPS context memberships URL of the emulated course.</summary>
    public string MembershipsUrl => $"{BaseUrl}/mod/lti/services.php/CourseSection/101/bindings/2/memberships";

    /// <summary>Users Moodle cannot grade (not enrolled as students): posting a score for them is a 400.</summary>
    public HashSet<string> UngradableUsers { get; } = [];

    /// <summary>The AGS line items container of the emulated course, with Moodle's query string.</summary>
    public string LineItemsUrl => $"{BaseUrl}/mod/lti/services.php/2/lineitems?type_id=1";

    private string AccessToken { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Where the admin's browser goes to start dynamic registration with the tool at <paramref name="registrationUrl"/>.</summary>
    public string DynamicRegistrationUrl(string registrationUrl) =>
        $"{registrationUrl}?openid_configuration={Uri.EscapeDataString($"{BaseUrl}/mod/lti/openid-configuration.php")}&registration_token={RegistrationToken}";

    public static async Task<PlatformEmulator> StartMoodleAsync()
    {
        var platform = await StartAsync();
        (platform.Issuer, platform.ClientId) = (platform.BaseUrl, $"moodle-{Guid.NewGuid():N}"[..20]);
        return platform;
    }

    /// <summary>A cloud Canvas account with its own developer key; every such account shares Canvas's issuer.</summary>
    public static async Task<PlatformEmulator> StartCanvasAsync()
    {
        var platform = await StartAsync();
        platform.Family = "canvas";
        platform.Issuer = CanvasIssuer;
        // Canvas developer key ids are numeric; deployment ids are "<id>:<context hash>".
        platform.ClientId = $"10000000000{Random.Shared.Next(100, 999)}";
        platform.DeploymentId = $"{Random.Shared.Next(1, 99)}:8865aa05b4b79b64a91a86042e43af5ea8ae79eb";
        return platform;
    }

    private static async Task<PlatformEmulator> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var platform = new PlatformEmulator(app);
        app.MapGet("/mod/lti/certs.php", (HttpResponse response, CancellationToken cancellationToken) => platform.KeySetAsync(response, cancellationToken));
        app.MapMethods("/mod/lti/auth.php", ["GET", "POST"], platform.AuthorizeAsync);
        app.MapGet("/mod/lti/openid-configuration.php", platform.OpenIdConfiguration);
        app.MapPost("/mod/lti/token.php", platform.IssueTokenAsync);
        app.MapGet("/mod/lti/services.php/2/lineitems", platform.ListLineItems);
        app.MapGet("/mod/lti/services.php/CourseSection/101/bindings/2/memberships", platform.ListMembers);
        app.MapPost("/mod/lti/services.php/2/lineitems", platform.CreateLineItemAsync);
        app.MapPost("/mod/lti/services.php/2/lineitems/{number:int}/lineitem/scores", platform.PostScoreAsync);
        app.MapGet("/mod/lti/services.php/2/lineitems/{number:int}/lineitem/results", platform.ListResults);
        app.MapPost("/mod/lti/openid-registration.php", platform.RegisterToolAsync);
        await app.StartAsync();
        platform.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        return platform;
    }

    /// <summary>The tool's configuration for this platform, as an admin copies it from the LMS's tool details.</summary>
    public Dictionary<string, string?> Registration(int index = 0) => new()
    {
        [$"Lti:Platforms:{index}:Name"] = $"Emulated {Family}",
        [$"Lti:Platforms:{index}:Issuer"] = Issuer,
        [$"Lti:Platforms:{index}:ClientId"] = ClientId,
        [$"Lti:Platforms:{index}:AuthorizationEndpoint"] = $"{BaseUrl}/mod/lti/auth.php",
        [$"Lti:Platforms:{index}:TokenEndpoint"] = $"{BaseUrl}/mod/lti/token.php",
        [$"Lti:Platforms:{index}:JwksUri"] = $"{BaseUrl}/mod/lti/certs.php",
        [$"Lti:Platforms:{index}:DeploymentIds:0"] = DeploymentId,
    };

    /// <summary>The parameters the LMS sends to the tool's login URL when the user opens the activity.</summary>
    public Dictionary<string, string> LoginInitiation(LmsUser user, ResourceLink link, string targetLinkUri)
    {
        var messageHint = JsonSerializer.Serialize(new { cmid = link.Id, launchid = $"ltilaunch{Guid.NewGuid():N}" });
        pendingLaunches[messageHint] = (user, link);
        var parameters = new Dictionary<string, string>
        {
            ["iss"] = Issuer,
            ["target_link_uri"] = targetLinkUri,
            ["login_hint"] = user.Id,
            ["lti_message_hint"] = messageHint,
            ["client_id"] = ClientId,
            ["lti_deployment_id"] = DeploymentId,
        };
        if (Family == "canvas")
        {
            parameters["canvas_region"] = "us-east-1";
            parameters["canvas_environment"] = "prod";
        }
        return parameters;
    }

    private async Task<IResult> KeySetAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref keySetFetches);
        if (KeySetCacheControl is not null) response.Headers.CacheControl = KeySetCacheControl;
        if (KeySetDelay > TimeSpan.Zero) await Task.Delay(KeySetDelay, cancellationToken);
        if (KeySetUnavailable) return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(SigningKey.Rsa.ExportParameters(false)) { KeyId = SigningKey.KeyId });
        return Results.Json(new { keys = new[] { new { kty = jwk.Kty, alg = "RS256", kid = jwk.Kid, e = jwk.E, n = jwk.N, use = "sig" } } });
    }

    /// <summary>Moodle's token.php: client credentials with a JWT assertion signed by the tool's published key, aud the token URL.</summary>
    private async Task<IResult> IssueTokenAsync(HttpRequest request)
    {
        Interlocked.Increment(ref tokenRequests);
        var form = await request.ReadFormAsync();
        if (form["grant_type"] != "client_credentials" || form["client_assertion_type"] != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            return Results.Json(new { error = "unsupported_grant_type" }, statusCode: 400);
        LastClientAssertion = form["client_assertion"];
        var keys = new JsonWebKeySet(await ToolKeySet!()).GetSigningKeys();
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(LastClientAssertion, new TokenValidationParameters
        {
            ValidIssuer = ClientId, ValidAudience = $"{BaseUrl}/mod/lti/token.php", IssuerSigningKeys = keys, ValidAlgorithms = ["RS256"],
        });
        if (!result.IsValid || (result.Claims.TryGetValue("sub", out var sub) ? sub as string : null) != ClientId)
            return Results.Json(new { error = "invalid_client", error_description = result.Exception?.Message }, statusCode: 401);
        return Results.Json(new { access_token = AccessToken, token_type = "Bearer", expires_in = 3600, scope = form["scope"].ToString() });
    }

    /// <summary>Refuses what a busy or strict LMS refuses, before the service does its work.</summary>
    private IResult? Refusal(HttpRequest request)
    {
        ServiceRequests.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        if (request.Headers.Authorization.ToString() != $"Bearer {AccessToken}") return Results.StatusCode(401);
        if (!ServiceFailures.TryDequeue(out var status)) return null;
        if (status == 403)
        {
            request.HttpContext.Response.Headers["X-Rate-Limit-Remaining"] = "0";
            return Results.Text("403 Forbidden (Rate Limit Exceeded)", statusCode: 403);
        }
        return Results.StatusCode(status);
    }

    /// <summary>The course's line items, two a page, filtered by resource_id and tag, with Link: rel="next".</summary>
    private IResult ListLineItems(HttpRequest request)
    {
        if (Refusal(request) is { } refused) return refused;
        var matching = LineItems.Where(i => IgnoresLineItemFilter
            || ((request.Query["resource_id"].Count == 0 || (string?)i["resourceId"] == request.Query["resource_id"])
                && (request.Query["tag"].Count == 0 || (string?)i["tag"] == request.Query["tag"]))).ToList();
        var page = int.TryParse(request.Query["page"], out var p) ? p : 0;
        if ((page + 1) * 2 < matching.Count)
        {
            var next = new Dictionary<string, string?>(request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString())) { ["page"] = (page + 1).ToString() };
            request.HttpContext.Response.Headers["Link"] = $"<{Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"{BaseUrl}{request.Path}", next)}>; rel=\"next\"";
        }
        return Results.Text(new System.Text.Json.Nodes.JsonArray(matching.Skip(page * 2).Take(2).Select(i => (System.Text.Json.Nodes.JsonNode)i.DeepClone()).ToArray()).ToJsonString(),
            "application/vnd.ims.lis.v2.lineitemcontainer+json");
    }

    /// <summary>NRPS memberships, two a page with Link: rel="next"; rlid keeps the members who can see that resource link.</summary>
    private IResult ListMembers(HttpRequest request)
    {
        if (Refusal(request) is { } refused) return refused;
        var rlid = request.Query["rlid"].ToString();
        var members = Members.Where(m => rlid.Length == 0 || m.ResourceLinks.Contains(rlid)).Select(m => m.Member).ToList();
        var page = int.TryParse(request.Query["page"], out var p) ? p : 0;
        if ((page + 1) * 2 < members.Count)
        {
            var next = new Dictionary<string, string?>(request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString())) { ["page"] = (page + 1).ToString() };
            request.HttpContext.Response.Headers["Link"] = $"<{Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"{BaseUrl}{request.Path}", next)}>; rel=\"next\"";
        }
        var container = new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = $"{BaseUrl}{request.Path}",
            ["context"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "101", ["label"] = "SC1x", ["title"] = "Supply Chain Fundamentals" },
            ["members"] = new System.Text.Json.Nodes.JsonArray(members.Skip(page * 2).Take(2).Select(m => (System.Text.Json.Nodes.JsonNode)m.DeepClone()).ToArray()),
        };
        return Results.Text(container.ToJsonString(), "application/vnd.ims.lti-nrps.v2.membershipcontainer+json");
    }

    private async Task<IResult> CreateLineItemAsync(HttpRequest request)
    {
        if (Refusal(request) is { } refused) return refused;
        if (request.ContentType != "application/vnd.ims.lis.v2.lineitem+json") return Results.StatusCode(415);
        var item = (await System.Text.Json.Nodes.JsonNode.ParseAsync(request.Body))!.AsObject();
        lock (LineItems)
        {
            item["id"] = $"{BaseUrl}/mod/lti/services.php/2/lineitems/{LineItems.Count + 1}/lineitem?type_id=1";
            LineItems.Add(item);
        }
        return Results.Text(item.ToJsonString(), "application/vnd.ims.lis.v2.lineitem+json", statusCode: 201);
    }

    private async Task<IResult> PostScoreAsync(int number, HttpRequest request)
    {
        if (Refusal(request) is { } refused) return refused;
        if (request.ContentType != "application/vnd.ims.lis.v1.score+json") return Results.StatusCode(415);
        var score = (await System.Text.Json.Nodes.JsonNode.ParseAsync(request.Body))!.AsObject();
        var user = (string)score["userId"]!;
        if (UngradableUsers.Contains(user)) return Results.Text("User is not enrolled as a student", statusCode: 400);
        Scores[(number, user)] = score;
        return Results.NoContent();
    }

    private IResult ListResults(int number, HttpRequest request)
    {
        if (Refusal(request) is { } refused) return refused;
        var results = Scores.Where(s => s.Key.LineItem == number).Select(s => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
        {
            ["userId"] = s.Key.User, ["resultScore"] = s.Value["scoreGiven"]?.DeepClone(), ["resultMaximum"] = s.Value["scoreMaximum"]?.DeepClone(),
        }).ToArray();
        return Results.Text(new System.Text.Json.Nodes.JsonArray(results).ToJsonString(), "application/vnd.ims.lis.v2.resultcontainer+json");
    }

    /// <summary>The platform's OpenID configuration with its LTI platform configuration, as Moodle's openid-configuration.php serves it.</summary>
    private IResult OpenIdConfiguration() => Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = AnnouncedIssuer ?? Issuer,
        ["token_endpoint"] = $"{BaseUrl}/mod/lti/token.php",
        ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
        ["token_endpoint_auth_signing_alg_values_supported"] = new[] { "RS256" },
        ["jwks_uri"] = $"{BaseUrl}/mod/lti/certs.php",
        ["authorization_endpoint"] = $"{BaseUrl}/mod/lti/auth.php",
        ["registration_endpoint"] = $"{BaseUrl}/mod/lti/openid-registration.php",
        ["scopes_supported"] = new[] { "openid", "https://purl.imsglobal.org/spec/lti-ags/scope/score" },
        ["response_types_supported"] = new[] { "id_token" },
        ["subject_types_supported"] = new[] { "public", "pairwise" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["claims_supported"] = new[] { "sub", "iss", "name", "given_name", "family_name", "email" },
        ["https://purl.imsglobal.org/spec/lti-platform-configuration"] = new Dictionary<string, object>
        {
            ["product_family_code"] = Family,
            ["version"] = "4.5",
            ["messages_supported"] = new[] { new { type = "LtiResourceLinkRequest" }, new { type = "LtiDeepLinkingRequest" } },
            ["variables"] = Array.Empty<string>(),
        },
    });

    /// <summary>Moodle's registration endpoint: the token is single use; the tool gets a new client_id and the tool type's id as deployment.</summary>
    private async Task<IResult> RegisterToolAsync(HttpRequest request)
    {
        if (request.Headers.Authorization.ToString() != $"Bearer {RegistrationToken}")
            return Results.Json(new { error = "invalid_token" }, statusCode: StatusCodes.Status401Unauthorized);
        var registration = await System.Text.Json.Nodes.JsonNode.ParseAsync(request.Body) as System.Text.Json.Nodes.JsonObject;
        if (registration?["initiate_login_uri"] is null || registration["redirect_uris"] is null || registration["jwks_uri"] is null)
            return Results.Json(new { error = "invalid_client_metadata" }, statusCode: StatusCodes.Status400BadRequest);
        LastRegistration = registration;
        RegistrationToken = Guid.NewGuid().ToString("N");
        ClientId = $"dyn-{Guid.NewGuid():N}"[..20];
        DeploymentId = Random.Shared.Next(2, 99).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var answer = registration.DeepClone().AsObject();
        answer["client_id"] = ClientId;
        answer["https://purl.imsglobal.org/spec/lti-tool-configuration"]!["deployment_id"] = DeploymentId;
        return Results.Json(answer);
    }

    private async Task<IResult> AuthorizeAsync(HttpRequest request)
    {
        var parameters = request.HasFormContentType
            ? (await request.ReadFormAsync()).ToDictionary(p => p.Key, p => p.Value.ToString())
            : request.Query.ToDictionary(p => p.Key, p => p.Value.ToString());
        string Get(string name) => parameters.GetValueOrDefault(name) ?? "";

        if (Get("scope") != "openid" || Get("response_type") != "id_token" || Get("response_mode") != "form_post" || Get("prompt") != "none")
            return Results.BadRequest("invalid_request");
        if (Get("client_id") != ClientId) return Results.BadRequest("unauthorized_client");
        if (!pendingLaunches.TryRemove(Get("lti_message_hint"), out var launch) || launch.User.Id != Get("login_hint"))
            return Results.BadRequest("invalid_request: unknown login hint");

        var idToken = Sign(Claims(launch.User, launch.Link, Get("nonce"), Get("redirect_uri")));
        if (AlterIdToken is not null) idToken = AlterIdToken(idToken);
        var redirect = WebUtility.HtmlEncode(Get("redirect_uri"));
        var html = $"""
            <form id="ltiAuthForm" action="{redirect}" method="post">
              <input type="hidden" name="id_token" value="{WebUtility.HtmlEncode(idToken)}"/>
              <input type="hidden" name="state" value="{WebUtility.HtmlEncode(Get("state"))}"/>
            </form>
            <script>document.getElementById('ltiAuthForm').submit();</script>
            """;
        return Results.Content(html, "text/html");
    }

    private Dictionary<string, object> Claims(LmsUser user, ResourceLink link, string nonce, string targetLinkUri)
    {
        const string lti = "https://purl.imsglobal.org/spec/lti/claim/";
        var claims = new Dictionary<string, object>
        {
            ["nonce"] = nonce,
            ["sub"] = user.Id,
            ["name"] = user.Name,
            ["email"] = user.Email,
            [lti + "deployment_id"] = DeploymentId,
            [lti + "message_type"] = "LtiResourceLinkRequest",
            [lti + "version"] = "1.3.0",
            [lti + "target_link_uri"] = targetLinkUri,
            [lti + "roles"] = user.Roles,
            [lti + "resource_link"] = new Dictionary<string, object> { ["id"] = link.Id, ["title"] = link.Title },
            [lti + "context"] = new Dictionary<string, object>
            {
                ["id"] = link.CourseId, ["label"] = link.CourseId, ["title"] = link.CourseTitle,
                ["type"] = new[] { "CourseSection" },
            },
            [lti + "tool_platform"] = new Dictionary<string, object>
            {
                ["product_family_code"] = Family, ["version"] = "2024100700", ["guid"] = new Uri(BaseUrl).Authority, ["name"] = $"Emulated {Family}",
            },
            [lti + "launch_presentation"] = new Dictionary<string, object> { ["locale"] = "en", ["document_target"] = "iframe" },
        };
        if (user.StudentId is not null)
            claims[lti + "lis"] = new Dictionary<string, object> { ["person_sourcedid"] = user.StudentId };
        AlterClaims?.Invoke(claims);
        return claims;
    }

    private string Sign(Dictionary<string, object> claims)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = claims.Remove("iss", out var iss) ? (string)iss : Issuer,
            Audience = claims.Remove("aud", out var aud) ? (string)aud : ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddSeconds(60),
            Claims = claims,
            SigningCredentials = new SigningCredentials(SignWith ?? SigningKey, SecurityAlgorithms.RsaSha256),
            AdditionalHeaderClaims = ExtraHeader,
        });
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
