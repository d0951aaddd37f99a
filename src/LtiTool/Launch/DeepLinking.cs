using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MicroCredLti.LtiTool.Keys;
using MicroCredLti.LtiTool.Registration;
using MicroCredLti.ServiceDefaults.Keys;
using MicroCredLti.ServiceDefaults.Placements;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MicroCredLti.LtiTool.Launch;

/// <summary>
/// LTI Deep Linking 2.0: an instructor adding the tool to a course picks what the placement is (a program's progress
/// page, or a requirement of a program the course counts toward) and the tool answers the platform with a signed
/// <c>LtiDeepLinkingResponse</c> of <c>ltiResourceLink</c> items, each with its custom parameters and a gradebook line item.
/// What the request allowed (return URL, <c>accept_multiple</c>, <c>data</c>) waits in the picker form, protected and
/// time-limited, so nothing is stored between the two steps.
/// </summary>
internal static class DeepLinking
{
    public const string ResponsePath = "/lti/deep-linking";
    private const string ProtectorPurpose = "lti.deep-linking";
    private static readonly TimeSpan PickerLifetime = TimeSpan.FromHours(1);
    private const string Dl = "https://purl.imsglobal.org/spec/lti-dl/claim/";

    /// <summary>What the deep linking request allowed, carried through the picker form.</summary>
    private sealed record PickerContext(Guid PlatformId, string DeploymentId, string ReturnUrl, string? Data, bool AcceptMultiple);

    /// <summary>The page an instructor picks placements on.</summary>
    public static async Task<IResult> PickerAsync(HttpContext http, PlatformRegistration platform, LtiLaunch launch, CancellationToken cancellationToken)
    {
        if (!launch.IsStaff)
            return LtiProblems.DeepLinkingStaffOnly.Result("Only instructors and course designers add MicroCred to a course.");
        var settings = launch.DeepLinking!;
        var options = await http.RequestServices.GetRequiredService<IPlacementCatalog>().ListAsync(cancellationToken);
        var context = Protector(http).Protect(
            JsonSerializer.Serialize(new PickerContext(platform.Id, launch.DeploymentId, settings.ReturnUrl, settings.Data, settings.AcceptMultiple)),
            PickerLifetime);
        var kind = settings.AcceptMultiple ? "checkbox" : "radio";
        var items = options.Count == 0
            ? "<p>No credit program is set up yet: ask your registrar's office to add one, then add MicroCred again.</p>"
            : string.Join("\n", options.Select((o, i) => $"""
                <li><label><input type="{kind}" name="item" value="{E(o.Id)}"{(i == 0 && !settings.AcceptMultiple ? " checked" : "")}> {E(o.Title)}</label>{(o.Description is null ? "" : $" <small>{E(o.Description)}</small>")}</li>
                """));
        var html = $"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Add MicroCred to {E(launch.ContextTitle ?? "your course")}</title></head>
            <body>
              <main>
                <h1>Add MicroCred to {E(launch.ContextTitle ?? "your course")}</h1>
                <p>Choose what this link shows learners: a program's progress page, or a requirement this course counts toward.</p>
                <form method="post" action="{ResponsePath}">
                  <input type="hidden" name="context" value="{E(context)}">
                  <fieldset><legend>Placements</legend><ul>
            {items}
                  </ul></fieldset>
                  <button type="submit">Add to course</button>
                </form>
              </main>
            </body>
            </html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>The instructor's choice, answered to the platform as a signed deep linking response in an auto-posting form.</summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> RespondAsync(
        HttpRequest request, PlatformRegistry platforms, IPlacementCatalog catalog, IKeyRing keys, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
            return LtiProblems.DeepLinkingExpired.Result("Add MicroCred from your course again.");
        var form = await request.ReadFormAsync(cancellationToken);
        PickerContext? context;
        try { context = JsonSerializer.Deserialize<PickerContext>(Protector(request.HttpContext).Unprotect(form["context"].ToString())); }
        catch (CryptographicException) { context = null; }
        if (context is null)
            return LtiProblems.DeepLinkingExpired.Result("This choice has expired or was not made here. Add MicroCred from your course again.");
        var platform = await platforms.GetAsync(context.PlatformId, cancellationToken);
        if (platform is null)
            return LtiProblems.PlatformRemoved.Result("The platform this choice started from is no longer registered.");

        var chosen = form["item"].Where(i => !string.IsNullOrEmpty(i)).Select(i => i!).Distinct().ToList();
        var options = (await catalog.ListAsync(cancellationToken)).ToDictionary(o => o.Id);
        if (chosen.Any(id => !options.ContainsKey(id)) || (!context.AcceptMultiple && chosen.Count > 1))
            return LtiProblems.DeepLinkingChoiceInvalid.Result(context.AcceptMultiple
                ? "Choose placements from the list."
                : "This course accepts one placement at a time: choose one.");

        var launchUrl = $"{LaunchEndpoints.BaseUrl(request)}/lti/launch";
        var items = chosen.Select(id => options[id]).Select(o => ContentItem(o, launchUrl)).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            ["nonce"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
            [LtiLaunch.ClaimPrefix + "deployment_id"] = context.DeploymentId,
            [LtiLaunch.ClaimPrefix + "message_type"] = "LtiDeepLinkingResponse",
            [LtiLaunch.ClaimPrefix + "version"] = "1.3.0",
            [Dl + "content_items"] = items,
        };
        if (context.Data is not null) claims[Dl + "data"] = context.Data;
        if (items.Count == 0) claims[Dl + "msg"] = "Nothing was added.";
        var signing = (await keys.GetAsync(ToolKeys.Signing, cancellationToken)).Current;
        var jwt = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            // The tool is the issuer, by its client_id; the platform is the audience (Deep Linking 4.5).
            Issuer = platform.ClientId,
            Audience = platform.Issuer,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = claims,
            SigningCredentials = signing.SigningCredentials,
        });
        var html = $$"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Returning to your course</title></head>
            <body>
              <form id="deepLinkingResponse" method="post" action="{{E(context.ReturnUrl)}}">
                <input type="hidden" name="JWT" value="{{E(jwt)}}">
                <noscript><button type="submit">Return to your course</button></noscript>
              </form>
              <script>document.getElementById('deepLinkingResponse').submit();</script>
            </body>
            </html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8");
    }

    private static Dictionary<string, object> ContentItem(PlacementOption option, string launchUrl)
    {
        var item = new Dictionary<string, object>
        {
            ["type"] = "ltiResourceLink",
            ["title"] = option.Title,
            ["url"] = launchUrl,
            ["custom"] = option.Custom,
        };
        if (option.Description is not null) item["text"] = option.Description;
        if (option.ScoreMaximum is { } maximum)
            item["lineItem"] = new Dictionary<string, object> { ["scoreMaximum"] = maximum, ["label"] = option.Title, ["resourceId"] = option.Id, ["tag"] = "microcred" };
        return item;
    }

    private static ITimeLimitedDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(ProtectorPurpose).ToTimeLimitedDataProtector();

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
