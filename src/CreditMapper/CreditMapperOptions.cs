using Cronos;
using Microsoft.Extensions.Options;

namespace MicroCredLti.CreditMapper;

public sealed class CreditMapperOptions
{
    public const string Section = "CreditMapper";

    /// <summary>JSON file of credential programs loaded at start-up; relative paths are from the app's base directory.</summary>
    public string? ProgramsFile { get; set; } = "Programs/programs.json";

    /// <summary>Cron expression of the recurring credit sweep (Hangfire; a sixth leading field gives seconds).</summary>
    public string SweepCron { get; set; } = "* * * * *";

    public int SweepBatchSize { get; set; } = 5_000;

    /// <summary>xAPI activity types whose statements show that an assessment was taken under proctoring.</summary>
    public List<string> ProctoredActivityTypes { get; set; } = ["https://w3id.org/xapi/openedx/activity/proctored-assessment"];

    internal static string ResolvePath(string path) => Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);
}

internal sealed class CreditMapperOptionsValidator : IValidateOptions<CreditMapperOptions>
{
    public ValidateOptionsResult Validate(string? name, CreditMapperOptions options)
    {
        var failures = new List<string>();
        if (options.ProgramsFile is { Length: > 0 } file && !File.Exists(CreditMapperOptions.ResolvePath(file)))
            failures.Add($"{CreditMapperOptions.Section}:ProgramsFile names a file that does not exist: {CreditMapperOptions.ResolvePath(file)}.");
        if (CronError(options.SweepCron) is { } cronError)
            failures.Add($"{CreditMapperOptions.Section}:SweepCron '{options.SweepCron}' is not a cron expression: {cronError}");
        if (options.SweepBatchSize is < 1 or > 100_000)
            failures.Add($"{CreditMapperOptions.Section}:SweepBatchSize must be between 1 and 100000 (it is {options.SweepBatchSize}).");
        for (var i = 0; i < options.ProctoredActivityTypes.Count; i++)
            if (!Uri.TryCreate(options.ProctoredActivityTypes[i], UriKind.Absolute, out _))
                failures.Add($"{CreditMapperOptions.Section}:ProctoredActivityTypes:{i} '{options.ProctoredActivityTypes[i]}' is not an absolute IRI.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? CronError(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression)) return "it is empty.";
        try
        {
            // Hangfire reads five fields, or six with seconds first.
            var format = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
            CronExpression.Parse(expression, format);
            return null;
        }
        catch (CronFormatException e)
        {
            return e.Message;
        }
    }
}
