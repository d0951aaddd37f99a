using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using MicroCredLti.ServiceDefaults.Problems;
using MicroCredLti.XapiCollector.Statements;
using MicroCredLti.XapiCollector.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MicroCredLti.XapiCollector.Credentials;

/// <summary>HTTP Basic authentication with LRS credentials (xAPI 1.0.3 Part Three, 4.1 "Authentication").</summary>
internal sealed class LrsBasicAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    XapiDbContext db, LrsCredentialCache credentials, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "LrsBasic";
    public const string KeyClaim = "lrs_key";
    public const string RepairClaim = "lrs_repair";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
            return AuthenticateResult.NoResult();

        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter)); }
        catch (FormatException) { return AuthenticateResult.Fail("The Basic credentials are not valid base64."); }

        var separator = decoded.IndexOf(':');
        if (separator < 0) return AuthenticateResult.Fail("The Basic credentials have no key:secret form.");
        var (key, secret) = (decoded[..separator], decoded[(separator + 1)..]);

        var credential = await credentials.GetAsync(key, async () => await db.Credentials.AsNoTracking().FirstOrDefaultAsync(c => c.Key == key, Context.RequestAborted));
        if (credential is null || !credential.Accepts(secret) || credential.RevokedAt is not null)
            return AuthenticateResult.Fail("Unknown or revoked LRS key, or wrong secret.");

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, credential.Name), new Claim(KeyClaim, credential.Key),
            .. credential.RepairProfiles.Select(profile => new Claim(RepairClaim, profile)),
            .. credential.GrantedScopes.Select(scope => new Claim(LrsScopes.Claim, scope))], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"xAPI\"";
        // Every xAPI response names its version (Part Three 3.3), a refusal before any endpoint runs too.
        Response.Headers[XapiVersionFilter.Header] = XapiVersionFilter.Of(Context);
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = XapiProblems.CredentialsRequired.Status,
                Title = XapiProblems.CredentialsRequired.Title,
                Detail = "Send an LRS key and secret with HTTP Basic authentication.",
                Extensions = { [ProblemType.CodeMember] = XapiProblems.CredentialsRequired.Code },
            },
        });
    }
}
