using System.ComponentModel.DataAnnotations;

namespace MicroCredLti.LtiTool;

public sealed class LtiToolOptions
{
    public const string Section = "Lti";

    /// <summary>Platforms registered by hand (Moodle manual configuration, Canvas developer keys, Open edX blocks).</summary>
    public List<ConfiguredPlatform> Platforms { get; set; } = [];

    /// <summary>
    /// Tolerance on id_token iat/exp. Moodle's id_tokens live 60 seconds, so the skew allowed must stay small.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan LoginStateLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Require the login's state to come back in a cookie set on this browser (binding the launch to the
    /// browser that started the login, per the 1EdTech Security Framework 5.1.1.2).
    /// </summary>
    public bool RequireStateCookie { get; set; } = true;

    /// <summary>Shortest time between two fetches of a platform's key set prompted by an unknown key id.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan KeySetRefetchInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Fetch platform key sets over plain HTTP. Only for local platforms and tests.</summary>
    public bool AllowInsecurePlatformEndpoints { get; set; }
}

public sealed class ConfiguredPlatform
{
    public string? Name { get; set; }
    public string Issuer { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string AuthorizationEndpoint { get; set; } = "";
    public string? TokenEndpoint { get; set; }
    public string JwksUri { get; set; } = "";
    public List<string> DeploymentIds { get; set; } = [];
}
