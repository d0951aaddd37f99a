using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace MicroCredLti.Tests.Infrastructure;

/// <summary>Opens a signed id_token, changes its header or payload, and signs it again: the tokens an attacker or a broken platform sends.</summary>
public static class IdTokenSurgery
{
    public static (JsonObject Header, JsonObject Payload) Open(string token)
    {
        var parts = token.Split('.');
        return (JsonNode.Parse(Base64UrlEncoder.Decode(parts[0]))!.AsObject(), JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject());
    }

    /// <summary>The header and payload signed RS256 with <paramref name="key"/>, whatever the header says.</summary>
    public static string Seal(JsonObject header, JsonObject payload, RsaSecurityKey key)
    {
        var signingInput = $"{Encode(header)}.{Encode(payload)}";
        var signature = key.Rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64UrlEncoder.Encode(signature)}";
    }

    /// <summary>A change to the token that keeps it validly signed by <paramref name="key"/>.</summary>
    public static Func<string, string> Resigned(RsaSecurityKey key, Action<JsonObject>? payload = null, Action<JsonObject>? header = null) => token =>
    {
        var (h, p) = Open(token);
        header?.Invoke(h);
        payload?.Invoke(p);
        return Seal(h, p, key);
    };

    public static string Encode(JsonNode node) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(node.ToJsonString()));
}
