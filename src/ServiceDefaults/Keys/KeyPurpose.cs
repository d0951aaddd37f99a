using Microsoft.IdentityModel.Tokens;

namespace MicroCredLti.ServiceDefaults.Keys;

public enum KeyUse
{
    /// <summary>Signs JWTs (RS256): the LTI tool's messages, the registrar's access tokens, credentials.</summary>
    Signature,

    /// <summary>Encrypts JWTs to this product itself (RSA-OAEP): the registrar's access tokens.</summary>
    Encryption,
}

/// <summary>
/// What a key is for. Each purpose has keys of its own, never shared with another purpose, so that rotating or
/// revoking one (say, credential signing) leaves the others untouched.
/// </summary>
public sealed record KeyPurpose(string Name, KeyUse Use)
{
    public string Algorithm => Use == KeyUse.Signature ? SecurityAlgorithms.RsaSha256 : SecurityAlgorithms.RsaOAEP;

    /// <summary>The JWK <c>use</c> parameter (RFC 7517 4.2).</summary>
    public string JwkUse => Use == KeyUse.Signature ? "sig" : "enc";
}
