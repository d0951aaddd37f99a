using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace MicroCredLti.ServiceDefaults.Keys;

/// <summary>Where a key is in its life: published ahead of use, in use, or kept published so older tokens still verify.</summary>
public enum KeyState
{
    Next,
    Current,
    Retired,
}

/// <summary>A key of the ring with its private half, ready to sign or decrypt with.</summary>
public sealed class RingKey(string keyId, KeyPurpose purpose, KeyState state, RSA rsa,
    DateTimeOffset activatesAt, DateTimeOffset retiresAt, DateTimeOffset expiresAt)
{
    public string KeyId { get; } = keyId;
    public KeyPurpose Purpose { get; } = purpose;
    public KeyState State { get; } = state;
    public DateTimeOffset ActivatesAt { get; } = activatesAt;
    public DateTimeOffset RetiresAt { get; } = retiresAt;
    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public RsaSecurityKey SecurityKey { get; } = new(rsa) { KeyId = keyId };

    public SigningCredentials SigningCredentials => new(SecurityKey, Purpose.Algorithm);

    public EncryptingCredentials EncryptingCredentials =>
        new(SecurityKey, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512);

    /// <summary>The public half as a JWK (RFC 7517): kty, use, alg, kid, n, e, and nothing else.</summary>
    public IReadOnlyDictionary<string, string> PublicJwk()
    {
        var parameters = SecurityKey.Rsa.ExportParameters(includePrivateParameters: false);
        return new Dictionary<string, string>
        {
            ["kty"] = "RSA",
            ["use"] = Purpose.JwkUse,
            ["alg"] = Purpose.Algorithm,
            ["kid"] = KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
    }
}

/// <summary>A purpose's keys at one moment: the one to use now, and all that verifiers should accept.</summary>
public sealed record KeySet(RingKey Current, IReadOnlyList<RingKey> Published)
{
    /// <summary>A JWK Set (RFC 7517 5) of the published keys' public halves, current first.</summary>
    public object ToJwks() => new { keys = Published.Select(k => k.PublicJwk()).ToList() };
}
