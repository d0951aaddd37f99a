using MicroCredLti.XapiCollector.Statements;
using MicroCredLti.XapiCollector.Credentials;
using MicroCredLti.XapiCollector.Repairs;
using Microsoft.Extensions.Options;

namespace MicroCredLti.XapiCollector;

public sealed class XapiCollectorOptions
{
    public const string Section = "XapiCollector";

    /// <summary>LRS clients (xAPI "Basic" key/secret pairs) to provision at start-up.</summary>
    public List<ConfiguredLrsClient> Clients { get; set; } = [];

    /// <summary>How long the statement feed waits for a gap in the sequence to fill before reading past it.</summary>
    public TimeSpan FeedGapTolerance { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest request body the statements resource accepts, in bytes.</summary>
    public long MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// The version a response names when its request names none, or none this LRS supports: <c>1.0.3</c>, or
    /// <c>2.0.0</c> for a deployment whose content speaks xAPI 2.0. Such a request is refused either way.
    /// </summary>
    public string DefaultVersion { get; set; } = "1.0.3";
}

public sealed class ConfiguredLrsClient
{
    public string Key { get; set; } = "";
    public string Secret { get; set; } = "";
    public string? Name { get; set; }

    /// <summary>Repair profiles for known emitter defects (see <c>EmitterRepairs</c>), e.g. "openedx". None by default: strict.</summary>
    public List<string> Repairs { get; set; } = [];

    /// <summary>xAPI scopes (<c>LrsScopes</c>); none means the spec's default: statements/write and statements/read/mine.</summary>
    public List<string> Scopes { get; set; } = [];
}

internal sealed class XapiCollectorOptionsValidator : IValidateOptions<XapiCollectorOptions>
{
    public const int MinimumSecretLength = 16;

    public ValidateOptionsResult Validate(string? name, XapiCollectorOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Clients.Count; i++)
        {
            var client = options.Clients[i];
            var at = $"{XapiCollectorOptions.Section}:Clients:{i}";
            if (string.IsNullOrWhiteSpace(client.Key)) failures.Add($"{at}:Key is required.");
            else if (client.Key.Contains(':')) failures.Add($"{at}:Key '{client.Key}' must not contain ':' (HTTP Basic separates key and secret with it).");
            foreach (var unknown in client.Scopes.Where(s => !LrsScopes.Known.Contains(s)))
                failures.Add($"{at}:Scopes names '{unknown}', which is not an xAPI scope ({string.Join(", ", LrsScopes.Known)}).");
            foreach (var unknown in client.Repairs.Where(r => !EmitterRepairs.Profiles.ContainsKey(r)))
                failures.Add($"{at}:Repairs names '{unknown}', which is not a repair profile ({string.Join(", ", EmitterRepairs.Profiles.Keys)}).");
            if (client.Secret.Length < MinimumSecretLength)
                failures.Add($"{at}:Secret of '{client.Key}' needs at least {MinimumSecretLength} characters.");
        }
        foreach (var repeated in options.Clients.GroupBy(c => c.Key).Where(g => g.Key.Length > 0 && g.Count() > 1))
            failures.Add($"{XapiCollectorOptions.Section}:Clients names key '{repeated.Key}' {repeated.Count()} times.");
        if (options.FeedGapTolerance < TimeSpan.Zero || options.FeedGapTolerance > TimeSpan.FromMinutes(10))
            failures.Add($"{XapiCollectorOptions.Section}:FeedGapTolerance must be between 0 and 10 minutes (it is {options.FeedGapTolerance}).");
        if (options.MaxRequestBytes is < 1024 or > 1024L * 1024 * 1024)
            failures.Add($"{XapiCollectorOptions.Section}:MaxRequestBytes must be between 1 KiB and 1 GiB (it is {options.MaxRequestBytes}).");
        if (!XapiVersionFilter.Supported.Contains(options.DefaultVersion))
            failures.Add($"{XapiCollectorOptions.Section}:DefaultVersion must be {string.Join(" or ", XapiVersionFilter.Supported)} (it is '{options.DefaultVersion}').");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
