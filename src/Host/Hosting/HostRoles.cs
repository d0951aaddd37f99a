namespace MicroCredLti.Host.Hosting;

/// <summary>
/// The parts of the product one process runs. All of them share one database, so a deployment can run
/// several processes with different roles and scale each part on its own.
/// </summary>
[Flags]
public enum HostRoles
{
    /// <summary>OIDC login and launches from the LMS.</summary>
    Lti = 1,

    /// <summary>The xAPI learning record store, its admin API, and the API token endpoint.</summary>
    Lrs = 2,

    /// <summary>The Hangfire server running the credit sweep.</summary>
    Worker = 4,

    /// <summary>The registrar's pull API and the API token endpoint.</summary>
    Registrar = 8,

    All = Lti | Lrs | Worker | Registrar,
}

public static class HostRoleSettings
{
    public const string Key = "MicroCred:Roles";

    /// <summary>Reads a comma-separated list such as "lti,lrs"; absent means all-in-one.</summary>
    public static HostRoles Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return HostRoles.All;
        var roles = (HostRoles)0;
        foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            roles |= Enum.TryParse<HostRoles>(name, ignoreCase: true, out var role)
                ? role
                : throw new InvalidOperationException($"{Key} has an unknown role '{name}'; use lti, lrs, worker, registrar or all.");
        return roles;
    }
}
