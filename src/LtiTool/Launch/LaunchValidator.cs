using System.Text.Json;
using MicroCredLti.LtiTool.Registration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MicroCredLti.LtiTool.Launch;

public abstract record LaunchValidation
{
    public sealed record Valid(LtiLaunch Launch) : LaunchValidation;
    public sealed record Rejected(string Reason) : LaunchValidation;

    /// <summary>The platform's key set could not be fetched: not the launch's fault, and worth a retry.</summary>
    public sealed record PlatformUnreachable(string Reason) : LaunchValidation;
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
            return new LaunchValidation.PlatformUnreachable($"{platform.Name}'s key set at {platform.JwksUri} could not be fetched ({error.Message}).");
        }
        if (!result.IsValid)
            return new LaunchValidation.Rejected(Describe(result.Exception));

        var token = (JsonWebToken)result.SecurityToken;
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload));
        var launch = LtiLaunch.FromPayload(payload.RootElement);

        if (launch.Nonce != state.Nonce)
            return new LaunchValidation.Rejected("The id_token's nonce does not belong to this login.");
        if (token.Audiences.Count() > 1 && (!token.TryGetPayloadValue<string>("azp", out var azp) || azp != platform.ClientId))
            return new LaunchValidation.Rejected("The id_token has several audiences but its azp is not this tool's client_id.");
        if (launch.Version != "1.3.0")
            return new LaunchValidation.Rejected($"LTI version '{launch.Version}' is not supported; this tool speaks 1.3.0.");
        if (launch.MessageType != LtiLaunch.ResourceLinkRequest)
            return new LaunchValidation.Rejected($"Message type '{launch.MessageType}' is not supported by this launch endpoint.");
        if (!platform.Allows(launch.DeploymentId))
            return new LaunchValidation.Rejected($"Deployment '{launch.DeploymentId}' is not registered for {platform.Name}.");
        if (!launch.HasRolesClaim(payload.RootElement))
            return new LaunchValidation.Rejected("The id_token has no roles claim.");
        if (launch.ResourceLinkId is null)
            return new LaunchValidation.Rejected("The id_token has no resource_link id.");
        if (launch.TargetLinkUri != state.TargetLinkUri)
            return new LaunchValidation.Rejected("The id_token's target_link_uri is not the one its login asked for.");
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

    private static string Describe(Exception? error) => error switch
    {
        SecurityTokenExpiredException => "The id_token has expired.",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "The id_token's signature does not match the platform's keys.",
        SecurityTokenInvalidIssuerException => "The id_token was not issued by the registered platform.",
        SecurityTokenInvalidAudienceException => "The id_token is not addressed to this tool's client_id.",
        SecurityTokenInvalidAlgorithmException => "The id_token must be signed with RS256.",
        SecurityTokenNotYetValidException => "The id_token is not valid yet.",
        _ => "The id_token is not a valid signed JWT.",
    };
}
