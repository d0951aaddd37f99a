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
/// Checks an id_token as LTI 1.3 Core 5.1.3 and the 1EdTech Security Framework 5.1.3 require: signed by the platform's
/// key, issued by it for this tool, current, carrying the nonce of this login, from a known deployment.
/// </summary>
internal sealed class LaunchValidator(PlatformKeySets keySets, IOptions<LtiToolOptions> options)
{
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };

    public async Task<LaunchValidation> ValidateAsync(PlatformRegistration platform, string idToken, LoginState state, CancellationToken cancellationToken)
    {
        TokenValidationResult result;
        try
        {
            result = await ValidateSignedTokenAsync(platform, idToken, await keySets.GetSigningKeysAsync(platform.JwksUri, cancellationToken));
            if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
                result = await ValidateSignedTokenAsync(platform, idToken, await keySets.RefreshAsync(platform.JwksUri, cancellationToken));
        }
        catch (HttpRequestException error)
        {
            return new LaunchValidation.Refused(LtiProblems.PlatformKeysUnreachable,
                $"{platform.Name}'s key set at {platform.JwksUri} could not be fetched ({error.Message}). Open the activity again in a moment.");
        }
        if (!result.IsValid)
            return Describe(result.Exception);

        var token = (JsonWebToken)result.SecurityToken;
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload));
        var launch = LtiLaunch.FromPayload(payload.RootElement);

        if (launch.Nonce != state.Nonce)
            return Refuse(LtiProblems.NonceMismatch, "The id_token's nonce does not belong to this login.");
        if (token.Audiences.Count() > 1 && (!token.TryGetPayloadValue<string>("azp", out var azp) || azp != platform.ClientId))
            return Refuse(LtiProblems.AzpMismatch, "The id_token has several audiences but its azp is not this tool's client_id.");
        if (launch.Version != "1.3.0")
            return Refuse(LtiProblems.VersionUnsupported, $"LTI version '{launch.Version}' is not supported; this tool speaks 1.3.0.");
        if (launch.MessageType != LtiLaunch.ResourceLinkRequest)
            return Refuse(LtiProblems.MessageTypeUnsupported, $"Message type '{launch.MessageType}' is not supported by this launch endpoint.");
        if (!platform.Allows(launch.DeploymentId))
            return Refuse(LtiProblems.DeploymentUnknown, $"Deployment '{launch.DeploymentId}' is not registered for {platform.Name}.");
        if (!launch.HasRolesClaim(payload.RootElement))
            return Refuse(LtiProblems.RolesMissing, "The id_token has no roles claim.");
        if (launch.ResourceLinkId is null)
            return Refuse(LtiProblems.ResourceLinkMissing, "The id_token has no resource_link id.");
        if (launch.TargetLinkUri != state.TargetLinkUri)
            return Refuse(LtiProblems.TargetLinkUriMismatch, "The id_token's target_link_uri is not the one its login asked for.");
        return new LaunchValidation.Valid(launch);
    }

    private Task<TokenValidationResult> ValidateSignedTokenAsync(PlatformRegistration platform, string idToken, IList<SecurityKey> keys) =>
        handler.ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = platform.Issuer,
            ValidAudience = platform.ClientId,
            IssuerSigningKeys = keys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = options.Value.ClockSkew,
        });

    private static LaunchValidation.Refused Refuse(ProblemType problem, string detail) => new(problem, detail);

    private static LaunchValidation.Refused Describe(Exception? error) => error switch
    {
        SecurityTokenExpiredException => Refuse(LtiProblems.TokenExpired, "The id_token has expired."),
        SecurityTokenSignatureKeyNotFoundException => Refuse(LtiProblems.KidUnknown, "The id_token is signed with a key the platform does not publish."),
        SecurityTokenInvalidSignatureException => Refuse(LtiProblems.SignatureInvalid, "The id_token's signature does not match the platform's keys."),
        SecurityTokenInvalidIssuerException => Refuse(LtiProblems.IssuerMismatch, "The id_token was not issued by the registered platform."),
        SecurityTokenInvalidAudienceException => Refuse(LtiProblems.AudienceMismatch, "The id_token is not addressed to this tool's client_id."),
        SecurityTokenInvalidAlgorithmException => Refuse(LtiProblems.AlgorithmRefused, "The id_token must be signed with RS256."),
        SecurityTokenNotYetValidException => Refuse(LtiProblems.TokenNotYetValid, "The id_token is not valid yet."),
        _ => Refuse(LtiProblems.TokenMalformed, "The id_token is not a valid signed JWT."),
    };
}
