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

    public IReadOnlyList<string> RepairProfiles => Split(Repairs);

    /// <summary>Space-separated xAPI scopes (<see cref="LrsScopes"/>); none stored means the spec's default.</summary>
    public string? Scopes { get; set; }

    public IReadOnlyList<string> GrantedScopes => Scopes is null ? LrsScopes.Default : Split(Scopes);

    /// <summary>When an admin revoked the client; a revoked client cannot authenticate.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    public static string? Join(IReadOnlyCollection<string> values) => values.Count == 0 ? null : string.Join(' ', values);

    private static IReadOnlyList<string> Split(string? values) =>
        values?.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries) ?? [];

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public bool Accepts(string secret) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(SecretHash));
}
