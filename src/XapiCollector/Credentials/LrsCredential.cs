using System.Security.Cryptography;
using System.Text;

namespace MicroCredLti.XapiCollector.Credentials;

/// <summary>A key/secret pair an xAPI client presents with HTTP Basic authentication.</summary>
internal sealed class LrsCredential
{
    public required string Key { get; set; }
    public required string Name { get; set; }

    /// <summary>
    /// SHA-256 of the secret. Secrets are generated, high-entropy keys rather than passwords, so a fast hash
    /// is enough and keeps authentication off the ingest path's profile.
    /// </summary>
    public required string SecretHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Comma-separated repair profiles applied to this client's statements (<c>EmitterRepairs.Profiles</c>).</summary>
    public string? Repairs { get; set; }

    public IReadOnlyList<string> RepairProfiles => Repairs?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public bool Accepts(string secret) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(SecretHash));
}
