using System.Diagnostics;
using System.Text.Json.Nodes;

namespace MicroCredLti.Tests.Infrastructure;

/// <summary>
/// Runs the JavaScript in tests/js with node: independent clients and verifiers from npm that check the product from
/// outside (tests/run installs their packages). Each script prints one JSON object, which is returned.
/// </summary>
public static class NodeScripts
{
    public static readonly string Directory = FindDirectory();

    public static async Task<JsonObject> RunAsync(string script, params string[] arguments)
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules")))
            throw new InvalidOperationException($"{Directory} has no node_modules: run `npm ci` there (tests/run does).");
        using var process = Process.Start(new ProcessStartInfo("node", [script, .. arguments])
        {
            WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(limit.Token);
        var text = (await output).Trim();
        if (process.ExitCode != 0 || text.Length == 0)
            throw new InvalidOperationException($"node {script} exited {process.ExitCode}: {text}\n{await errors}");
        return JsonNode.Parse(text.Split('\n')[^1])!.AsObject();
    }

    private static string FindDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "js");
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }
        throw new DirectoryNotFoundException("tests/js was not found above the test binaries.");
    }
}
