using Microsoft.Extensions.Options;

namespace MicroCredLti.ServiceDefaults.Keys;

/// <summary>
/// How keys rotate. A key is created <see cref="PrePublish"/> before it takes over, so platforms and verifiers that
/// cache a key set already hold it; it is current for <see cref="Lifetime"/>; once retired it stays published for
/// <see cref="RetiredPublishFor"/>, so what it signed keeps verifying.
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "MicroCred:Keys";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(90);

    public TimeSpan PrePublish { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan RetiredPublishFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often a replica re-reads the ring, to see keys another replica created.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A PFX certificate that encrypts the Data Protection key ring in the database. Without it the Data Protection
    /// keys are stored as plain XML beside the keys they protect; set it in production.
    /// </summary>
    public string? DataProtectionCertificatePath { get; set; }

    public string? DataProtectionCertificatePassword { get; set; }
}

internal sealed class KeyRingOptionsValidator : IValidateOptions<KeyRingOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyRingOptions options)
    {
        var failures = new List<string>();
        if (options.Lifetime < TimeSpan.FromHours(1))
            failures.Add($"{KeyRingOptions.Section}:Lifetime must be at least one hour (it is {options.Lifetime}).");
        if (options.PrePublish < TimeSpan.Zero || options.PrePublish >= options.Lifetime)
            failures.Add($"{KeyRingOptions.Section}:PrePublish must be at least zero and shorter than Lifetime (it is {options.PrePublish}).");
        if (options.RetiredPublishFor < TimeSpan.Zero)
            failures.Add($"{KeyRingOptions.Section}:RetiredPublishFor must not be negative (it is {options.RetiredPublishFor}).");
        if (options.RefreshInterval < TimeSpan.FromSeconds(1) || options.RefreshInterval > options.PrePublish && options.PrePublish > TimeSpan.Zero)
            failures.Add($"{KeyRingOptions.Section}:RefreshInterval must be between one second and PrePublish (it is {options.RefreshInterval}), " +
                         "so every replica sees the next key before it takes over.");
        if (options.DataProtectionCertificatePath is { Length: > 0 } path && !File.Exists(path))
            failures.Add($"{KeyRingOptions.Section}:DataProtectionCertificatePath names a file that does not exist: {path}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
