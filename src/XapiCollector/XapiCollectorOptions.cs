using System.ComponentModel.DataAnnotations;

namespace MicroCredLti.XapiCollector;

public sealed class XapiCollectorOptions
{
    public const string Section = "XapiCollector";

    /// <summary>LRS clients (xAPI "Basic" key/secret pairs) to provision at start-up.</summary>
    public List<LrsClient> Clients { get; set; } = [];

    /// <summary>How long the statement feed waits for a gap in the sequence to fill before reading past it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan FeedGapTolerance { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest request body the statements resource accepts, in bytes.</summary>
    [Range(1024, 1024 * 1024 * 1024)]
    public long MaxRequestBytes { get; set; } = 16 * 1024 * 1024;
}

public sealed class LrsClient
{
    [Required, MinLength(1)]
    public string Key { get; set; } = "";

    [Required, MinLength(16, ErrorMessage = "An LRS secret needs at least 16 characters.")]
    public string Secret { get; set; } = "";

    public string? Name { get; set; }
}
