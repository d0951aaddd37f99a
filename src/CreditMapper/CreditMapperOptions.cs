using System.ComponentModel.DataAnnotations;

namespace MicroCredLti.CreditMapper;

public sealed class CreditMapperOptions
{
    public const string Section = "CreditMapper";

    /// <summary>JSON file of credential programs loaded at start-up; relative paths are from the app's base directory.</summary>
    public string? ProgramsFile { get; set; } = "Programs/programs.json";

    /// <summary>Cron expression of the recurring credit sweep (Hangfire; a sixth leading field gives seconds).</summary>
    [Required]
    public string SweepCron { get; set; } = "* * * * *";

    [Range(1, 100_000)]
    public int SweepBatchSize { get; set; } = 5_000;

    /// <summary>xAPI activity types whose statements show that an assessment was taken under proctoring.</summary>
    public List<string> ProctoredActivityTypes { get; set; } = ["https://w3id.org/xapi/openedx/activity/proctored-assessment"];
}
