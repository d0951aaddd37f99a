namespace MicroCredLti.Bench;

/// <summary>A benchmark's command line: counts as <c>--name N</c> (positive integers) and <c>--fixtures DIR</c>.</summary>
internal static class BenchArguments
{
    /// <summary>
    /// Reads <paramref name="args"/> into <paramref name="counts"/>, whose keys are the accepted count options and whose
    /// values are their defaults. False on an unknown option or a missing or invalid value.
    /// </summary>
    public static bool TryParse(string[] args, IDictionary<string, int> counts, out string? fixtures)
    {
        fixtures = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            if (args[i] == "--fixtures" && value is not null) fixtures = value;
            else if (counts.ContainsKey(args[i]) && int.TryParse(value, out var n) && n > 0) counts[args[i]] = n;
            else return false;
        }
        return true;
    }

    public static string Usage(string program, IDictionary<string, int> counts) =>
        $"usage: {program} {string.Join(' ', counts.Select(c => $"[{c.Key} N]"))} [--fixtures DIR]";
}
