using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MicroCredLti.XapiCollector.Attachments;
using MicroCredLti.XapiCollector.Model;
using MicroCredLti.XapiCollector.Statements;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MicroCredLti.XapiCollector.Signatures;

/// <summary>
/// Signed statements (xAPI 1.0.3 Part Two 2.6): a statement whose attachment of usageType
/// <c>http://adlnet.gov/expapi/attachments/signature</c> is a JWS in compact serialization, signed RS256, RS384 or
/// RS512, whose payload is the statement as it was before the signature was added. An LRS refuses malformed signatures
/// (2.6.s5.b1) and checks them as 2.6.s5.b3 lists: decode the JWS, compare its payload with the statement received,
/// and verify the signature with the X.509 certificate its header carries, if it carries one.
/// </summary>
internal static partial class StatementSignatures
{
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    // Data 2.3.1.b1: what the LRS may assign is no difference between a statement and the one that was signed.
    private static readonly string[] LrsAssigned = ["authority", "stored", "version"];
    private static readonly string[] AssignedIfAbsent = ["id", "timestamp"];

    /// <summary>The errors that refuse the request, keyed by the JSON path of each signature attachment that fails.</summary>
    public static async Task<Dictionary<string, string[]>> VerifyAsync(IReadOnlyList<Statement> statements, IReadOnlyList<AttachmentPart> parts,
        XapiVersion version)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < statements.Count; i++)
        {
            var attachments = statements[i].Attachments ?? [];
            for (var k = 0; k < attachments.Count; k++)
            {
                if (attachments[k].UsageType != StatementValidator.SignatureUsageType) continue;
                var path = $"{StatementValidator.PathOf(i, statements.Count)}.attachments[{k}]";
                var part = parts.FirstOrDefault(p => p.Hash.Equals(attachments[k].Sha2, StringComparison.OrdinalIgnoreCase));
                var problem = part is null
                    ? "a signature is sent in the request, as an attachment part, not by fileUrl"
                    : await ProblemWithAsync(Encoding.UTF8.GetString(part.Content).Trim(), statements[i], version);
                if (problem is not null) errors[path] = [problem];
            }
        }
        return errors;
    }

    private static async Task<string?> ProblemWithAsync(string jws, Statement received, XapiVersion version)
    {
        JsonWebToken token;
        try { token = new JsonWebToken(jws); }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException or JsonException or FormatException)
        {
            return "the signature is not a JWS in compact serialization with a JSON payload";
        }
        if (token.IsEncrypted) return "the signature is a JWE, not a JWS";
        if (!Algorithms.Contains(token.Alg, StringComparer.Ordinal))
            return $"the JWS is signed with '{token.Alg}'; statement signatures use RS256, RS384 or RS512";

        Statement? signed;
        try { signed = JsonSerializer.Deserialize<Statement>(Base64UrlEncoder.DecodeBytes(token.EncodedPayload), XapiJson.Options); }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            signed = null;
        }
        if (signed is null) return "the JWS payload is not a statement";
        if (!Equivalent(signed, received, version)) return "the JWS payload is not the statement that was sent (Data 2.6.s5.b3.b2)";

        X509Certificate2? certificate;
        try { certificate = CertificateOf(token); }
        catch (Exception e) when (e is FormatException or CryptographicException or InvalidOperationException or JsonException)
        {
            return "the certificate in the JWS header's x5c cannot be read";
        }
        if (certificate is null) return null;
        using (certificate)
        {
            var result = await new JsonWebTokenHandler().ValidateTokenAsync(jws, new TokenValidationParameters
            {
                IssuerSigningKey = new X509SecurityKey(certificate),
                ValidAlgorithms = Algorithms,
                ValidateIssuer = false,
                ValidateAudience = false,
                ValidateLifetime = false,
                RequireExpirationTime = false,
                ValidateIssuerSigningKey = false,
            });
            return result.IsValid ? null : "the signature does not verify with the certificate in the JWS header's x5c";
        }
    }

    /// <summary>The first certificate of the header's x5c chain (RFC 7515 4.1.6), or null when there is none.</summary>
    private static X509Certificate2? CertificateOf(JsonWebToken token)
    {
        using var header = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.EncodedHeader));
        if (!header.RootElement.TryGetProperty("x5c", out var chain)) return null;
        if (chain.ValueKind != JsonValueKind.Array || chain.GetArrayLength() == 0) throw new FormatException("x5c is not a certificate chain.");
        return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(chain[0].GetString() ?? ""));
    }

    /// <summary>
    /// Logical equivalence (Data 2.3.1 "Statement Comparison Requirements"): differences the LRS's own assignments or
    /// serialization could cause are ignored: attachments, authority, stored and version; id and timestamp when one side
    /// lacks them; the offset a timestamp is written in; the order of a Group's members; a single context activity sent
    /// without its array. Under xAPI 2.0 a duration's seconds are compared to the hundredth (IEEE 9274.1.1 4.2.7); xAPI
    /// 1.0.3 compares durations as strings (Data 2.3.1.b8).
    /// </summary>
    private static bool Equivalent(Statement signed, Statement received, XapiVersion version)
    {
        var (a, b) = (Comparable(signed, version), Comparable(received, version));
        foreach (var name in AssignedIfAbsent)
            if (!a.ContainsKey(name) || !b.ContainsKey(name)) { a.Remove(name); b.Remove(name); }
        return JsonNode.DeepEquals(a, b);
    }

    private static JsonObject Comparable(Statement statement, XapiVersion version)
    {
        var node = JsonSerializer.SerializeToNode(statement, XapiJson.Options)!.AsObject();
        if (version == XapiVersion.V2_0_0 && node["result"]?["duration"]?.GetValue<string>() is { } duration)
            node["result"]!["duration"] = ToHundredths(duration);
        node.Remove("attachments");
        foreach (var name in LrsAssigned) node.Remove(name);
        if (node["timestamp"]?.GetValue<string>() is { } timestamp
            && DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            node["timestamp"] = instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        SortMembers(node);
        return node;
    }

    /// <summary>The duration with its seconds cut (not rounded) to two decimals: PT0.1237S and PT0.12S compare equal.</summary>
    private static string ToHundredths(string duration) =>
        SecondsFraction().Replace(duration, m => $"{m.Groups["whole"].Value}.{(m.Groups["fraction"].Value + "00")[..2]}S");

    [GeneratedRegex(@"(?<whole>\d+)(?:[.,](?<fraction>\d+))?S$")]
    private static partial Regex SecondsFraction();

    private static void SortMembers(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["member"] is JsonArray members)
                {
                    var sorted = members.Select(m => m?.DeepClone()).OrderBy(m => m?.ToJsonString(), StringComparer.Ordinal).ToList();
                    members.Clear();
                    foreach (var member in sorted) members.Add(member);
                }
                foreach (var (_, value) in obj) SortMembers(value);
                break;
            case JsonArray array:
                foreach (var item in array) SortMembers(item);
                break;
        }
    }
}
