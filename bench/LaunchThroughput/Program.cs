// LTI launch benchmark: complete OIDC login + launch round trips per second through the real host on loopback, with a
// Moodle-like platform in the same process. See bench/README.md.
using System.Diagnostics;
using MicroCredLti.Tests.Infrastructure;

namespace MicroCredLti.Bench;

internal static class LaunchThroughput
{
    private static readonly string LtijsDirectory = Path.Combine(BenchPaths.RepositoryRoot, "bench", "ltijs");

    private sealed record Measurement(int Launched, int Failed, double PerSecond, double BenchCpuPerLaunch, double? ToolCpuPerLaunch);

    /// <summary>Warms up, then runs <paramref name="concurrency"/> browsers launching for <paramref name="duration"/>.</summary>
    private static async Task<Measurement?> MeasureAsync(string tool, Func<int, Task<bool>> launch, int warmup, int concurrency, TimeSpan duration,
        System.Diagnostics.Process? toolProcess)
    {
        for (var i = 0; i < warmup; i++)
            if (!await launch(i))
            {
                Console.Error.WriteLine($"{tool}: warm-up launch failed");
                return null;
            }
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        toolProcess?.Refresh();
        var toolCpuBefore = toolProcess?.TotalProcessorTime;
        var (launched, failed, next) = (0, 0, 0);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                if (await launch(Interlocked.Increment(ref next))) Interlocked.Increment(ref launched);
                else Interlocked.Increment(ref failed);
            }
        }));
        clock.Stop();
        process.Refresh();
        toolProcess?.Refresh();
        var perLaunch = Math.Max(1, launched);
        return new Measurement(launched, failed, launched / clock.Elapsed.TotalSeconds,
            (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / perLaunch,
            toolProcess is null ? null : (toolProcess.TotalProcessorTime - toolCpuBefore!.Value).TotalMilliseconds / perLaunch);
    }

    public static async Task<int> Main(string[] args)
    {
        var counts = new Dictionary<string, int> { ["--seconds"] = 20, ["--concurrency"] = 8, ["--warmup"] = 200, ["--learners"] = 1_000 };
        if (!BenchArguments.TryParse(args, counts, out _))
        {
            Console.Error.WriteLine(BenchArguments.Usage("LaunchThroughput", counts));
            return 2;
        }
        await using var platform = await PlatformEmulator.StartMoodleAsync();
        await using var storage = await BenchStorage.FromEnvironmentAsync();
        var settings = new Dictionary<string, string?>(platform.Registration())
        {
            ["Lti:AllowInsecurePlatformEndpoints"] = "true",
            // Every simulated browser comes from 127.0.0.1: one campus NAT far busier than the per-address default allows.
            ["Lti:LoginsPerMinutePerAddress"] = "1000000",
        };
        await using var host = LrsHost.Start(storage, "Launch benchmark", roles: "lti,lrs", settings);
        var target = new Uri(host.Address, "/lti/launch").ToString();
        var learners = Enumerable.Range(1, counts["--learners"])
            .Select(i => new LmsUser($"{i}", $"Learner {i}", $"learner{i}@example.edu", [LmsUser.Learner], $"S-{i}")).ToArray();
        var link = new ResourceLink("7", "Unit 1", "101", "SC1x");

        async Task<bool> LaunchMicroCredAsync(int n)
        {
            using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Address };
            var response = await new LtiBrowser(browser).LaunchAsync(platform, learners[n % learners.Length], link, target);
            return response.IsSuccessStatusCode;
        }

        var microcred = await MeasureAsync("MicroCred", LaunchMicroCredAsync, counts["--warmup"], counts["--concurrency"], TimeSpan.FromSeconds(counts["--seconds"]), null);
        if (microcred is null) return 1;

        Measurement? peer = null;
        if (storage.IsPostgreSql && Directory.Exists(Path.Combine(LtijsDirectory, "node_modules")))
        {
            await using var ltijs = await LtijsTool.StartAsync(storage, platform, LtijsDirectory);
            var ltijsTarget = $"{ltijs.Address}";
            async Task<bool> LaunchLtijsAsync(int n)
            {
                using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = ltijs.Address };
                var response = await new LtiBrowser(browser).LaunchAsync(platform, learners[n % learners.Length], link, ltijsTarget, loginPath: "/login");
                // ltijs answers the launch with a redirect to its app route carrying an ltik token; the page is behind it.
                if (response.StatusCode is System.Net.HttpStatusCode.Found or System.Net.HttpStatusCode.SeeOther && response.Headers.Location is { } app)
                    response = await browser.GetAsync(app);
                return response.IsSuccessStatusCode;
            }
            peer = await MeasureAsync("ltijs", LaunchLtijsAsync, counts["--warmup"], counts["--concurrency"], TimeSpan.FromSeconds(counts["--seconds"]), ltijs.Process);
        }

        // The bench's own process runs the emulated platform and the browsers in both runs: what it spends per ltijs launch
        // is that overhead, which MicroCred's figure (host in the same process) includes.
        var overhead = peer?.BenchCpuPerLaunch;
        var microcredTool = overhead is { } o ? microcred.BenchCpuPerLaunch - o : (double?)null;
        Console.WriteLine($"""
            provider:        {storage.Provider}
            concurrency:     {counts["--concurrency"]} browsers, {counts["--learners"]:N0} learners, {counts["--seconds"]} s per tool
            MicroCred:       {microcred.Launched:N0} launches, {microcred.PerSecond:N0}/s; {microcred.BenchCpuPerLaunch:F2} ms CPU per launch in the bench process (tool, emulated platform, browsers){(microcredTool is { } t ? $", about {t:F2} ms of it the tool" : "")}
            ltijs:           {(peer is null ? "not measured (PostgreSQL and `npm ci` in bench/ltijs are needed)" : $"{peer.Launched:N0} launches, {peer.PerSecond:N0}/s; {peer.ToolCpuPerLaunch:F2} ms CPU per launch in the ltijs process")}
            ratio:           {(peer is null ? "-" : $"{microcred.PerSecond / peer.PerSecond:F1}x ltijs's launches/s")}
            target:          >= 2,000 launches/s and >= 5x ltijs (issue: LTI Advantage)
            """);
        if (microcred.Failed > 0 || peer?.Failed > 0) return 1;
        return 0;
    }
}
