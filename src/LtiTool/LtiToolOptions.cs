using MicroCredLti.LtiTool.Registration;
using Microsoft.Extensions.Options;

namespace MicroCredLti.LtiTool;

public sealed class LtiToolOptions
{
    public const string Section = "Lti";

    /// <summary>Platforms registered by hand (Moodle manual configuration, Canvas developer keys, Open edX blocks).</summary>
    public List<ConfiguredPlatform> Platforms { get; set; } = [];

    /// <summary>
    /// Tolerance on id_token iat/exp. Moodle's id_tokens live 60 seconds, so the skew allowed must stay small.
    /// </summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan LoginStateLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Require the login's state to come back in a cookie set on this browser (binding the launch to the
    /// browser that started the login, per the 1EdTech Security Framework 5.1.1.2).
    /// </summary>
    public bool RequireStateCookie { get; set; } = true;

    /// <summary>Shortest time between two fetches of a platform's key set prompted by an unknown key id.</summary>
    public TimeSpan KeySetRefetchInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a call to a platform (its key set, later its token and service endpoints) may take.</summary>
    public TimeSpan PlatformRequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Accept launches without a <c>sub</c> (LTI 1.3 Core 5.3.6). They record nothing, having no learner to record for;
    /// off by default, since a credit tool needs to know who launched.
    /// </summary>
    public bool AllowAnonymousLaunches { get; set; }

    /// <summary>
    /// Login initiations per minute from one network address. Each writes a row, and anyone can send them; a class
    /// behind one campus NAT opening an activity at once is far below the default.
    /// </summary>
    public int LoginsPerMinutePerAddress { get; set; } = 600;

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

internal sealed class LtiToolOptionsValidator : IValidateOptions<LtiToolOptions>
{
    public ValidateOptionsResult Validate(string? name, LtiToolOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Platforms.Count; i++)
            failures.AddRange(PlatformFailures(options.Platforms[i], $"{LtiToolOptions.Section}:Platforms:{i}", options.AllowInsecurePlatformEndpoints));
        foreach (var repeated in options.Platforms.GroupBy(p => (p.Issuer, p.ClientId)).Where(g => g.Count() > 1))
            failures.Add($"{LtiToolOptions.Section}:Platforms registers issuer '{repeated.Key.Issuer}' with client_id '{repeated.Key.ClientId}' {repeated.Count()} times.");
        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
            failures.Add($"{LtiToolOptions.Section}:ClockSkew must be between 0 and 5 minutes (it is {options.ClockSkew}).");
        if (options.LoginStateLifetime < TimeSpan.FromSeconds(30) || options.LoginStateLifetime > TimeSpan.FromHours(1))
            failures.Add($"{LtiToolOptions.Section}:LoginStateLifetime must be between 30 seconds and one hour (it is {options.LoginStateLifetime}).");
        if (options.KeySetRefetchInterval < TimeSpan.Zero || options.KeySetRefetchInterval > TimeSpan.FromHours(1))
            failures.Add($"{LtiToolOptions.Section}:KeySetRefetchInterval must be between 0 and one hour (it is {options.KeySetRefetchInterval}).");
        if (options.PlatformRequestTimeout <= TimeSpan.Zero || options.PlatformRequestTimeout > TimeSpan.FromMinutes(1))
            failures.Add($"{LtiToolOptions.Section}:PlatformRequestTimeout must be more than 0 and at most one minute (it is {options.PlatformRequestTimeout}).");
        if (options.LoginsPerMinutePerAddress < 1)
            failures.Add($"{LtiToolOptions.Section}:LoginsPerMinutePerAddress must be at least 1 (it is {options.LoginsPerMinutePerAddress}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> PlatformFailures(ConfiguredPlatform platform, string at, bool allowHttp) =>
        PlatformRules.Faults(platform, allowHttp).Select(f => $"{at}:{f.Field} of '{platform.Name ?? platform.Issuer}' {f.Problem}.");
}
