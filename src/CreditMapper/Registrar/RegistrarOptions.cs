using Microsoft.Extensions.Options;

namespace MicroCredLti.CreditMapper.Registrar;

public sealed class RegistrarOptions
{
    public const string Section = "Registrar";
    public const string CreditsScope = "registrar.credits";

    /// <summary>Registrar systems allowed to pull credits with OAuth 2.0 client credentials.</summary>
    public List<RegistrarClient> Clients { get; set; } = [];

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

internal sealed class RegistrarOptionsValidator : IValidateOptions<RegistrarOptions>
{
    public const int MinimumSecretLength = 16;

    public ValidateOptionsResult Validate(string? name, RegistrarOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Clients.Count; i++)
        {
            var client = options.Clients[i];
            var at = $"{RegistrarOptions.Section}:Clients:{i}";
            if (string.IsNullOrWhiteSpace(client.ClientId)) failures.Add($"{at}:ClientId is required.");
            if (client.ClientSecret.Length < MinimumSecretLength)
                failures.Add($"{at}:ClientSecret of '{client.ClientId}' needs at least {MinimumSecretLength} characters.");
        }
        foreach (var repeated in options.Clients.GroupBy(c => c.ClientId).Where(g => g.Key.Length > 0 && g.Count() > 1))
            failures.Add($"{RegistrarOptions.Section}:Clients names client '{repeated.Key}' {repeated.Count()} times.");
        if (options.AccessTokenLifetime < TimeSpan.FromMinutes(1) || options.AccessTokenLifetime > TimeSpan.FromDays(1))
            failures.Add($"{RegistrarOptions.Section}:AccessTokenLifetime must be between one minute and one day (it is {options.AccessTokenLifetime}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
