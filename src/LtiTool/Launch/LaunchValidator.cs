using System.Text.Json;
using MicroCredLti.LtiTool.Registration;
using MicroCredLti.ServiceDefaults.Problems;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MicroCredLti.LtiTool.Launch;

internal abstract record LaunchValidation
{
    public sealed record Valid(LtiLaunch Launch) : LaunchValidation;

    /// <summary>
    /// The launch is refused, with the catalogue's reason. <see cref="LtiProblems.PlatformKeysUnreachable"/> is not the
    /// launch's fault: the platform's key set could not be fetched, and a retry may work.
    /// </summary>
    public sealed record Refused(ProblemType Problem, string Detail) : LaunchValidation;
}

/// <summary>
/// Checks an id_token as LTI 1.3 Core 5.1.3 and the 1EdTech Security Framework 5.1.3 require, in the order that costs
/// least first: its size and form, its header (RS256, a <c>kid</c>, no <c>crit</c>), the signature by the platform's
/// key with that <c>kid</c> and no other, issuer, audience, lifetime, then each claim's type and length, and the rules
/// of its message type (<see cref="LaunchRules"/>). Nothing is written before a launch passes all of them.
/// </summary>
internal sealed class LaunchValidator(PlatformKeySets keySets, IOptions<LtiToolOptions> options, TimeProvider clock)
{
    /// <summary>Far above what platforms send (Canvas's largest, with custom fields, are a few kB), far below a memory problem.</summary>
    public const int MaxIdTokenLength = 64 * 1024;

    /// <summary>How old an id_token may be when it arrives. Moodle's live 60 seconds, Canvas's an hour; all are posted at once.</summary>
    public static readonly TimeSpan MaxTokenAge = TimeSpan.FromMinutes(10);

    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };

    public async Task<LaunchValidation> ValidateAsync(PlatformRegistration platform, string idToken, LoginState state, CancellationToken cancellationToken)
    {
        if (idToken.Length > MaxIdTokenLength)
            return Refuse(LtiProblems.IdTokenTooLarge, $"The id_token is {idToken.Length:N0} characters long; this tool takes at most {MaxIdTokenLength:N0}.");
        if (!IsCompactJws(idToken))
            return Refuse(LtiProblems.TokenMalformed, "The id_token is not a signed JWT in compact form (three base64url parts).");
        JsonWebToken unverified;
        try { unverified = handler.ReadJsonWebToken(idToken); }
        catch (ArgumentException) { return Refuse(LtiProblems.TokenMalformed, "The id_token's header or payload is not JSON."); }

        if (unverified.Alg != SecurityAlgorithms.RsaSha256)
            return Refuse(LtiProblems.AlgorithmRefused, $"The id_token is signed with '{unverified.Alg}'; LTI 1.3 platforms sign with RS256.");
        if (string.IsNullOrEmpty(unverified.Kid))
            return Refuse(LtiProblems.KidMissing, "The id_token's header has no kid, so the platform key it claims to be signed with cannot be told.");
        if (unverified.TryGetHeaderValue<object>("crit", out _))
            return Refuse(LtiProblems.CriticalHeaderRefused, "The id_token's header has crit extensions, which this tool does not understand (RFC 7515 4.1.11).");

        SecurityKey? key;
        try
        {
            key = await keySets.FindAsync(platform.JwksUri, unverified.Kid, cancellationToken);
        }
        catch (PlatformUnreachableException error)
        {
            return Refuse(error.TimedOut ? CommonProblems.UpstreamTimeout : LtiProblems.PlatformKeysUnreachable,
                $"{platform.Name}'s key set at {platform.JwksUri} could not be fetched ({error.Message}). Open the activity again in a moment.");
        }
        if (key is null)
            return Refuse(LtiProblems.KidUnknown, $"The id_token is signed with key '{unverified.Kid}', which {platform.Name} does not publish.");

        var result = await handler.ValidateTokenAsync(idToken, Parameters(platform, key));
        if (!result.IsValid)
            return Describe(result.Exception);
        var token = (JsonWebToken)result.SecurityToken;
        if (!token.TryGetPayloadValue<long>("iat", out _))
            return Refuse(LtiProblems.ClaimInvalid, "The id_token has no iat (issued at) claim.");
        var now = clock.GetUtcNow().UtcDateTime;
        if (token.IssuedAt > now + options.Value.ClockSkew)
            return Refuse(LtiProblems.TokenNotYetValid, "The id_token says it was issued in the future.");
        // A platform posts the id_token the moment it issues it; one issued long ago is a replay, whatever its exp says.
        if (token.IssuedAt < now - MaxTokenAge - options.Value.ClockSkew)
            return Refuse(LtiProblems.TokenExpired, $"The id_token was issued at {token.IssuedAt:u}, more than {MaxTokenAge.TotalMinutes} minutes ago.");
        if (token.Audiences.Count() > 1 && (!token.TryGetPayloadValue<string>("azp", out var azp) || azp != platform.ClientId))
            return Refuse(LtiProblems.AzpMismatch, "The id_token has several audiences but its azp is not this tool's client_id.");

        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload));
        var (launch, faults) = LtiClaimReader.Read(payload.RootElement);
        if (launch is null)
        {
            var problem = faults.Any(f => f.TooLong) ? LtiProblems.ClaimTooLong : LtiProblems.ClaimInvalid;
            return Refuse(problem, string.Join(" ", faults.Take(5).Select(f => $"The claim {f.Claim} {f.Problem}.")));
        }
        return LaunchRules.Check(launch, platform, state, options.Value.AllowAnonymousLaunches) is { } breach
            ? Refuse(breach.Problem, breach.Detail)
            : new LaunchValidation.Valid(launch);
    }

    private TokenValidationParameters Parameters(PlatformRegistration platform, SecurityKey key) => new()
    {
        ValidIssuer = platform.Issuer,
        ValidAudience = platform.ClientId,
        // The key the header names, and only it: never "any key of the set" (Security Framework 5.1.3 step 1).
        IssuerSigningKey = key,
        TryAllIssuerSigningKeys = false,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = options.Value.ClockSkew,
    };

    /// <summary>Three non-empty base64url segments and nothing else: no padding, spaces, control characters or NULs.</summary>
    private static bool IsCompactJws(string token)
    {
        var (dots, segmentLength) = (0, 0);
        foreach (var c in token)
        {
            if (c == '.')
            {
                if (segmentLength == 0) return false;
                (dots, segmentLength) = (dots + 1, 0);
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_') segmentLength++;
            else return false;
        }
        return dots == 2 && segmentLength > 0;
    }

    private static LaunchValidation.Refused Refuse(ProblemType problem, string detail) => new(problem, detail);

    private static LaunchValidation.Refused Describe(Exception? error) => error switch
    {
        SecurityTokenExpiredException => Refuse(LtiProblems.TokenExpired, "The id_token has expired."),
        SecurityTokenNoExpirationException => Refuse(LtiProblems.ClaimInvalid, "The id_token has no exp (expiry) claim."),
        SecurityTokenInvalidSignatureException => Refuse(LtiProblems.SignatureInvalid, "The id_token's signature does not match the platform's key."),
        SecurityTokenInvalidIssuerException => Refuse(LtiProblems.IssuerMismatch, "The id_token was not issued by the registered platform."),
        SecurityTokenInvalidAudienceException => Refuse(LtiProblems.AudienceMismatch, "The id_token is not addressed to this tool's client_id."),
        SecurityTokenInvalidAlgorithmException => Refuse(LtiProblems.AlgorithmRefused, "The id_token must be signed with RS256."),
        SecurityTokenNotYetValidException => Refuse(LtiProblems.TokenNotYetValid, "The id_token is not valid yet."),
        _ => Refuse(LtiProblems.TokenMalformed, "The id_token is not a valid signed JWT."),
    };
}
