using Microsoft.Extensions.Options;

namespace MicroCredLti.ServiceDefaults.ApiAccess;

/// <summary>The machine clients of the product's APIs, and how the token server that authenticates them behaves.</summary>
public sealed class ApiAccessOptions
{
    public const string Section = "ApiAccess";

    /// <summary>Systems allowed an access token with OAuth 2.0 client credentials, each for the scopes it lists.</summary>
    public List<ApiClient> Clients { get; set; } = [];

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Serve the token endpoint over plain HTTP. For local runs and tests; behind TLS in production.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>Clients configured in an earlier section (<see cref="ApiAccessExtensions.AddEarlierApiAccessSection"/>), with where each is set.</summary>
    internal List<(string Path, ApiClient Client)> EarlierClients { get; } = [];

    /// <summary>Every client, each with the settings path it was configured at, for messages that point at it.</summary>
    internal IEnumerable<(string Path, ApiClient Client)> AllClients =>
        Clients.Select((client, i) => ($"{Section}:Clients:{i}", client)).Concat(EarlierClients);
}

public sealed class ApiClient
{
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    public string? DisplayName { get; set; }

    /// <summary>The scopes the client may ask for, each declared by a module (<see cref="ApiAccessExtensions.AddApiScope"/>).</summary>
    public List<string> Scopes { get; set; } = [];
}

/// <summary>One message per bad entry, naming the setting it is at; scopes are checked against those the modules declare.</summary>
internal sealed class ApiAccessOptionsValidator(IEnumerable<ApiScope> declared) : IValidateOptions<ApiAccessOptions>
{
    public const int MinimumSecretLength = 16;

    // The width of OpenIddict's client_id column.
    public const int MaximumClientIdLength = 100;

    public ValidateOptionsResult Validate(string? name, ApiAccessOptions options)
    {
        var scopes = declared.Select(s => s.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var failures = new List<string>();
        var clients = options.AllClients.ToList();
        foreach (var (at, client) in clients)
        {
            if (string.IsNullOrWhiteSpace(client.ClientId)) failures.Add($"{at}:ClientId is required.");
            else if (client.ClientId.Length > MaximumClientIdLength)
                failures.Add($"{at}:ClientId '{client.ClientId[..20]}…' is longer than {MaximumClientIdLength} characters.");
            if (client.ClientSecret.Length < MinimumSecretLength)
                failures.Add($"{at}:ClientSecret of '{client.ClientId}' needs at least {MinimumSecretLength} characters.");
            if (client.Scopes.Count == 0)
                failures.Add($"{at}:Scopes of '{client.ClientId}' names none; list the scopes it needs ({string.Join(", ", scopes)}).");
            for (var i = 0; i < client.Scopes.Count; i++)
                if (!scopes.Contains(client.Scopes[i], StringComparer.Ordinal))
                    failures.Add($"{at}:Scopes:{i} '{client.Scopes[i]}' of '{client.ClientId}' is not a scope of this product ({string.Join(", ", scopes)}).");
        }
        foreach (var repeated in clients.GroupBy(c => c.Client.ClientId, StringComparer.Ordinal).Where(g => g.Key.Length > 0 && g.Count() > 1))
            failures.Add($"Client '{repeated.Key}' is configured {repeated.Count()} times, at {string.Join(" and ", repeated.Select(c => c.Path))}.");
        if (options.AccessTokenLifetime < TimeSpan.FromMinutes(1) || options.AccessTokenLifetime > TimeSpan.FromDays(1))
            failures.Add($"{ApiAccessOptions.Section}:AccessTokenLifetime must be between one minute and one day (it is {options.AccessTokenLifetime}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
