namespace MicroCredLti.LtiTool.Registration;

/// <summary>
/// What a platform registration must hold, whoever enters it (configuration, the admin API, dynamic registration):
/// https URLs for its issuer and endpoints, a client_id, at least one deployment, and lengths that fit the tables.
/// </summary>
internal static class PlatformRules
{
    public const int MaxNameLength = 200;
    public const int MaxIssuerLength = 500;
    public const int MaxClientIdLength = 500;
    public const int MaxUrlLength = 2000;
    public const int MaxDeploymentIdLength = 500;

    /// <summary>Each fault with the field it is in (as configuration names it: <c>Issuer</c>, <c>DeploymentIds:1</c>).</summary>
    public static IEnumerable<(string Field, string Problem)> Faults(ConfiguredPlatform platform, bool allowHttp)
    {
        if (platform.Name is { Length: > MaxNameLength }) yield return ("Name", $"is longer than {MaxNameLength} characters");
        foreach (var fault in Url("Issuer", platform.Issuer, allowHttp, MaxIssuerLength, required: true)) yield return fault;
        if (string.IsNullOrWhiteSpace(platform.ClientId)) yield return ("ClientId", "is required");
        else if (platform.ClientId.Length > MaxClientIdLength) yield return ("ClientId", $"is longer than {MaxClientIdLength} characters");
        foreach (var fault in Url("AuthorizationEndpoint", platform.AuthorizationEndpoint, allowHttp, MaxUrlLength, required: true)) yield return fault;
        foreach (var fault in Url("JwksUri", platform.JwksUri, allowHttp, MaxUrlLength, required: true)) yield return fault;
        foreach (var fault in Url("TokenEndpoint", platform.TokenEndpoint, allowHttp, MaxUrlLength, required: false)) yield return fault;
        if (platform.DeploymentIds.Count == 0) yield return ("DeploymentIds", "is empty: no launch from the platform could be accepted");
        for (var i = 0; i < platform.DeploymentIds.Count; i++)
        {
            var deployment = platform.DeploymentIds[i];
            if (string.IsNullOrWhiteSpace(deployment)) yield return ($"DeploymentIds:{i}", "is empty");
            else if (deployment.Length > MaxDeploymentIdLength) yield return ($"DeploymentIds:{i}", $"is longer than {MaxDeploymentIdLength} characters");
            else if (platform.DeploymentIds.IndexOf(deployment) < i) yield return ($"DeploymentIds:{i}", $"repeats '{deployment}'");
        }
    }

    private static IEnumerable<(string Field, string Problem)> Url(string field, string? value, bool allowHttp, int maxLength, bool required)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required) yield return (field, "is required");
            yield break;
        }
        if (value.Length > maxLength) yield return (field, $"is longer than {maxLength} characters");
        else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !(uri.Scheme == Uri.UriSchemeHttps || allowHttp && uri.Scheme == Uri.UriSchemeHttp))
            yield return (field, $"'{value}' is not an absolute {(allowHttp ? "http(s)" : "https")} URL");
    }
}
