namespace MicroCredLti.LtiTool.Registration;

/// <summary>
/// One LMS registration of this tool: the platform's issuer and the client_id it gave the tool, its OIDC
/// endpoints and the deployments that may launch (LTI 1.3, 5.1.1 and 3.1.3).
/// </summary>
internal sealed class PlatformRegistration
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Issuer { get; set; }
    public required string ClientId { get; set; }
    public required string AuthorizationEndpoint { get; set; }
    public string? TokenEndpoint { get; set; }
    public required string JwksUri { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public PlatformSource Source { get; set; }

    /// <summary>The platform's <c>product_family_code</c> (moodle, canvas, …) when known: some services differ by platform.</summary>
    public string? ProductFamilyCode { get; set; }

    public List<PlatformDeployment> Deployments { get; set; } = [];

    public bool Allows(string deploymentId) => Deployments.Any(d => d.DeploymentId == deploymentId);
}

internal sealed class PlatformDeployment
{
    public required string DeploymentId { get; set; }
}
