using System.Diagnostics;
using System.Text.Json.Nodes;

namespace MicroCredLti.Tests.Conformance;

/// <summary>A run of the ADL LRS conformance suite: its counts, and each failed test named by its path of titles.</summary>
public sealed record ConformanceRun(int Total, int Passed, IReadOnlyList<string> Failures);

/// <summary>
/// The ADL xAPI LRS conformance suite (../shared/tools/lrs-conformance-test-suite), run with node against a real LRS.
/// tests/run installs its npm dependencies into a copy and names the copy in MICROCRED_ADL_SUITE.
/// </summary>
public static class AdlConformanceSuite
{
    public const string SuiteVariable = "MICROCRED_ADL_SUITE";
    public const string ReportsVariable = "MICROCRED_TEST_REPORTS";

    public static string Directory => Environment.GetEnvironmentVariable(SuiteVariable) is { Length: > 0 } path
        ? path
        : throw new InvalidOperationException($"{SuiteVariable} names no copy of the ADL suite with its npm dependencies; tests/run prepares one.");

    public static async Task<ConformanceRun> RunAsync(Uri lrs, string key, string secret, string version)
    {
        var logs = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "logs"));
        var before = logs.GetFiles("*.log").Select(f => f.Name).ToHashSet();
        var run = Process.Start(new ProcessStartInfo("node", ["bin/console_runner.js", "-e", lrs.ToString().TrimEnd('/'), "-a",
            "-u", key, "-p", secret, "-x", version, "-z"])
        {
            WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = run.StandardOutput.ReadToEndAsync();
        var errors = run.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await run.WaitForExitAsync(limit.Token);
        await Task.WhenAll(output, errors);

        // The runner's exit code is the failure count modulo 256, so the log is the only reliable record.
        var log = logs.GetFiles("*.log").Where(f => !before.Contains(f.Name)).MaxBy(f => f.LastWriteTimeUtc)
            ?? throw new InvalidOperationException($"The ADL suite wrote no log.\n{await output}\n{await errors}");
        var report = JsonNode.Parse(await File.ReadAllTextAsync(log.FullName))!;
        var failures = new List<string>();
        // With -z the log keeps only what failed: a run that failed nothing has no log tree at all.
        if (report["log"] is { } tree) CollectFailures(tree, [], failures);
        return new ConformanceRun(report["summary"]!["total"]!.GetValue<int>(), report["summary"]!["passed"]!.GetValue<int>(), failures);
    }

    /// <summary>Writes a line tests/run prints in its summary.</summary>
    public static void Report(string version, ConformanceRun run, int unexpected)
    {
        if (Environment.GetEnvironmentVariable(ReportsVariable) is not { Length: > 0 } reports) return;
        System.IO.Directory.CreateDirectory(reports);
        File.WriteAllText(Path.Combine(reports, $"adl-{version}.txt"),
            $"ADL LRS conformance {version}: {run.Passed} of {run.Total} passed, {run.Total - run.Passed} failed ({unexpected} not on the known list)\n");
    }

    private static void CollectFailures(JsonNode node, IReadOnlyList<string> path, List<string> failures)
    {
        var here = path.Append(node["title"]?.GetValue<string>() ?? "").ToList();
        if (node["tests"] is JsonArray { Count: > 0 } children)
            foreach (var child in children.OfType<JsonNode>()) CollectFailures(child, here, failures);
        else if (node["status"]?.GetValue<string>() == "failed")
            failures.Add(string.Join(" > ", here.Skip(1).Where(t => t.Length > 0)));
    }
}
