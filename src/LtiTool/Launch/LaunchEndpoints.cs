using MicroCredLti.LtiTool.Registration;
using MicroCredLti.LtiTool.Services;
using MicroCredLti.ServiceDefaults.Problems;
using MicroCredLti.XapiCollector.Learners;
using MicroCredLti.XapiCollector.Model;
using MicroCredLti.XapiCollector.Statements;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MicroCredLti.LtiTool.Launch;

/// <summary>OIDC third-party initiated login and the launch it ends in (LTI 1.3 Core 4.1; Security Framework 5.1.1).</summary>
internal static class LaunchEndpoints
{
    private const string StateCookiePrefix = "lti1p3-state-";

    public static async Task<Results<RedirectHttpResult, ProblemHttpResult>> InitiateLoginAsync(
        HttpRequest request, PlatformRegistry platforms, LoginStateStore states, TimeProvider clock,
        IOptions<LtiToolOptions> options, CancellationToken cancellationToken)
    {
        // Moodle posts the login form; Open edX sends a GET with the same parameters; Canvas does either.
        var parameters = request.HasFormContentType
            ? (await request.ReadFormAsync(cancellationToken)).ToDictionary(p => p.Key, p => p.Value.ToString())
            : request.Query.ToDictionary(p => p.Key, p => p.Value.ToString());
        string? Parameter(string name) => parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

        if (Parameter("iss") is not { } issuer || Parameter("login_hint") is not { } loginHint || Parameter("target_link_uri") is not { } targetLinkUri)
            return LtiProblems.LoginIncomplete.Result("Login initiation needs iss, login_hint and target_link_uri.");

        var lookup = await platforms.FindAsync(issuer, Parameter("client_id"), cancellationToken);
        if (lookup is PlatformLookup.Ambiguous)
            return LtiProblems.PlatformAmbiguous.Result(
                $"This tool has several registrations for issuer '{issuer}'; the login initiation must name its client_id.");
        if (lookup is not PlatformLookup.Found { Platform: var platform })
            return LtiProblems.PlatformUnknown.Result(
                $"No registration of this tool matches issuer '{issuer}' and client_id '{Parameter("client_id")}'. Ask your LMS administrator to register the tool.");
        if (!IsOwnUrl(request, targetLinkUri))
            return LtiProblems.TargetLinkUriForeign.Result("target_link_uri must point at this tool.");

        var state = new LoginState
        {
            State = LoginState.NewToken(), Nonce = LoginState.NewToken(), PlatformId = platform.Id, TargetLinkUri = targetLinkUri,
            ExpiresAt = clock.GetUtcNow() + options.Value.LoginStateLifetime,
        };
        await states.SaveAsync(state, cancellationToken);
        var cookie = new CookieOptions
        {
            HttpOnly = true,
            Path = "/lti",
            MaxAge = options.Value.LoginStateLifetime,
            // The launch is a cross-site form post from the LMS: only SameSite=None cookies travel with it.
            Secure = request.IsHttps,
            SameSite = request.IsHttps ? SameSiteMode.None : SameSiteMode.Lax,
        };
        // Inside the LMS's iframe the cookie is third-party: partitioned by the LMS's site (CHIPS), browsers that block
        // third-party cookies still keep it for this login, as Canvas recommends.
        if (request.IsHttps) cookie.Extensions.Add("Partitioned");
        request.HttpContext.Response.Cookies.Append(StateCookiePrefix + state.State, "1", cookie);

        var authorization = new Dictionary<string, string?>
        {
            ["scope"] = "openid",
            ["response_type"] = "id_token",
            ["response_mode"] = "form_post",
            ["prompt"] = "none",
            ["client_id"] = platform.ClientId,
            ["redirect_uri"] = LaunchUrl(request),
            ["login_hint"] = loginHint,
            ["state"] = state.State,
            ["nonce"] = state.Nonce,
            ["lti_message_hint"] = Parameter("lti_message_hint"),
        };
        return TypedResults.Redirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(platform.AuthorizationEndpoint, authorization));
    }

    public static async Task<IResult> LaunchAsync(
        HttpRequest request, LoginStateStore states, PlatformRegistry platforms, LaunchValidator validator,
        ILearnerDirectory learners, IStatementRecorder statements, TimeProvider clock, IOptions<LtiToolOptions> options,
        CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
            return LtiProblems.LaunchMalformed.Result("The platform posts the launch as a form with id_token and state.");
        var form = await request.ReadFormAsync(cancellationToken);
        if (form["error"].ToString() is { Length: > 0 } error)
            return LtiProblems.PlatformRefusedLogin.Result($"{error}: {form["error_description"]}");
        if (form["id_token"].ToString() is not { Length: > 0 } idToken || form["state"].ToString() is not { Length: > 0 } stateValue)
            return LtiProblems.LaunchMalformed.Result("The launch needs id_token and state.");

        var state = await states.ConsumeAsync(stateValue, cancellationToken);
        if (state is null)
            return LtiProblems.StateUnknown.Result("Go back to your course and open the activity again.");
        if (options.Value.RequireStateCookie && !request.Cookies.ContainsKey(StateCookiePrefix + state.State))
            return LtiProblems.StateCookieMissing.Result("Your browser did not return the login cookie. Open the activity again from your course.");
        request.HttpContext.Response.Cookies.Delete(StateCookiePrefix + state.State, new CookieOptions { Path = "/lti" });

        var platform = await platforms.GetAsync(state.PlatformId, cancellationToken);
        if (platform is null)
            return LtiProblems.PlatformRemoved.Result("The platform this login started with is no longer registered.");

        var validation = await validator.ValidateAsync(platform, idToken, state, cancellationToken);
        if (validation is LaunchValidation.Refused refused)
            return refused.Problem.Result(refused.Detail);
        var launch = ((LaunchValidation.Valid)validation).Launch;
        if (launch.MessageType == LtiLaunch.DeepLinkingRequest)
            return await DeepLinking.PickerAsync(request.HttpContext, platform, launch, cancellationToken);

        // An anonymous launch (no sub, LTI 1.3 Core 5.3.6) has no learner to record activity for.
        if (launch.Subject is not null)
        {
            var learnerId = await learners.LinkAsync(LaunchStatement.Learner(platform, launch), launch.StudentId, cancellationToken);
            await request.HttpContext.RequestServices.GetRequiredService<PlacementRecorder>().RecordAsync(platform, launch, learnerId, cancellationToken);
            var recorded = await statements.RecordAsync([LaunchStatement.For(platform, launch, BaseUrl(request), clock.GetUtcNow())],
                Agent.ForAccount(BaseUrl(request), "lti-tool", "MicroCred LTI"), cancellationToken);
            if (recorded is not StoreOutcome.Stored)
                throw new InvalidOperationException($"The launch statement was refused: {recorded}");
        }
        return TypedResults.Content(LaunchPage.Render(platform, launch), "text/html; charset=utf-8");
    }

    /// <summary>A login refused by the rate limiter: 429 with Retry-After, as a page inside the LMS or as problem+json.</summary>
    public static async ValueTask RefuseLoginAsync(HttpContext http, System.Threading.RateLimiting.RateLimitLease lease, CancellationToken cancellationToken)
    {
        var retryAfter = lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problem = LtiProblems.LoginRateLimited.Result($"Wait {Math.Ceiling(retryAfter.TotalSeconds)} seconds, then open the activity again.");
        if (ProblemPage.Prefers(http.Request))
        {
            await ProblemPage.WriteAsync(http, problem.ProblemDetails, LtiProblems.LoginRateLimited.Code, cancellationToken);
            return;
        }
        await problem.ExecuteAsync(http);
    }

    private static bool IsOwnUrl(HttpRequest request, string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    internal static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    private static string LaunchUrl(HttpRequest request) => $"{BaseUrl(request)}/lti/launch";
}
