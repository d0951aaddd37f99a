using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MicroCredLti.LtiTool.Keys;
using MicroCredLti.LtiTool.Registration;
using MicroCredLti.ServiceDefaults.Keys;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MicroCredLti.LtiTool.Services;

/// <summary>A platform service answered with an error; <see cref="Status"/> and an excerpt of the body say which.</summary>
public sealed class PlatformServiceException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// Access tokens for a platform's services (AGS, NRPS): OAuth 2.0 client credentials with a JWT client assertion signed
/// by the tool's key (1EdTech Security Framework 4.1; RFC 7523), its <c>aud</c> the token endpoint's URL. A token is
/// reused until shortly before it expires, per platform and set of scopes.
/// </summary>
internal sealed class PlatformAccessTokens(IHttpClientFactory http, IKeyRing keys, TimeProvider clock)
{
    public const string HttpClientName = "lti-services";
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<(Guid Platform, string Scopes), (string Token, DateTimeOffset ExpiresAt)> tokens = new();

    public async Task<string> GetAsync(PlatformRegistration platform, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken)
    {
        var scope = string.Join(' ', scopes.Order(StringComparer.Ordinal));
        if (tokens.TryGetValue((platform.Id, scope), out var cached) && cached.ExpiresAt - ExpiryMargin > clock.GetUtcNow())
            return cached.Token;
        if (platform.TokenEndpoint is not { } tokenEndpoint)
            throw new PlatformServiceException(0, $"{platform.Name} has no token endpoint registered, so its services cannot be called.");

        var signing = (await keys.GetAsync(ToolKeys.Signing, cancellationToken)).Current;
        var now = clock.GetUtcNow().UtcDateTime;
        var assertion = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = platform.ClientId,
            Audience = tokenEndpoint,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = platform.ClientId, ["jti"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)) },
            SigningCredentials = signing.SigningCredentials,
        });
        using var response = await http.CreateClient(HttpClientName).PostAsync(tokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = assertion,
            ["scope"] = scope,
        }), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new PlatformServiceException((int)response.StatusCode, $"{platform.Name} refused an access token ({(int)response.StatusCode}): {PlatformAnswers.Excerpt(body)}");
        var answer = JsonNode.Parse(body) as JsonObject;
        var token = answer?["access_token"]?.GetValue<string>()
            ?? throw new PlatformServiceException((int)response.StatusCode, $"{platform.Name}'s token endpoint answered without an access_token.");
        var lifetime = answer["expires_in"] is JsonValue expires && expires.TryGetValue<int>(out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromHours(1);
        tokens[(platform.Id, scope)] = (token, clock.GetUtcNow() + lifetime);
        return token;
    }

    /// <summary>Forgets the token, after the platform answered 401 to it.</summary>
    public void Forget(PlatformRegistration platform, IReadOnlyCollection<string> scopes) =>
        tokens.TryRemove((platform.Id, string.Join(' ', scopes.Order(StringComparer.Ordinal))), out _);
}
