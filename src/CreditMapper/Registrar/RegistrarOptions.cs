using System.ComponentModel.DataAnnotations;

namespace MicroCredLti.CreditMapper.Registrar;

public sealed class RegistrarOptions
{
    public const string Section = "Registrar";
    public const string CreditsScope = "registrar.credits";

    /// <summary>Registrar systems allowed to pull credits with OAuth 2.0 client credentials.</summary>
    public List<RegistrarClient> Clients { get; set; } = [];

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Serve the token endpoint over plain HTTP. For local runs and tests; behind TLS in production.</summary>
    public bool AllowInsecureHttp { get; set; }
}

public sealed class RegistrarClient
{
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    public string? DisplayName { get; set; }
}
