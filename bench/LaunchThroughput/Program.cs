// LTI launch benchmark: complete OIDC login + launch round trips per second through the real host on loopback, with a
// Moodle-like platform in the same process. See bench/README.md.
using System.Diagnostics;
using MicroCredLti.Tests.Infrastructure;

namespace MicroCredLti.Bench;

internal static class LaunchThroughput
{
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

        async Task<bool> LaunchAsync(int n)
        {
            using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Address };
            var response = await new LtiBrowser(browser).LaunchAsync(platform, learners[n % learners.Length], link, target);
            return response.IsSuccessStatusCode;
        }

        for (var i = 0; i < counts["--warmup"]; i++)
            if (!await LaunchAsync(i))
            {
                Console.Error.WriteLine("warm-up launch failed");
                return 1;
            }

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var (launched, failed, next) = (0, 0, 0);
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(counts["--seconds"]);
        await Task.WhenAll(Enumerable.Range(0, counts["--concurrency"]).Select(async _ =>
        {
            while (clock.Elapsed < until)
            {
                if (await LaunchAsync(Interlocked.Increment(ref next))) Interlocked.Increment(ref launched);
                else Interlocked.Increment(ref failed);
            }
        }));
        clock.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        Console.WriteLine($"""
            provider:        {storage.Provider}
            concurrency:     {counts["--concurrency"]} browsers, {counts["--learners"]:N0} learners
            launches:        {launched:N0} in {clock.Elapsed.TotalSeconds:F1} s, {failed} failed
            throughput:      {launched / clock.Elapsed.TotalSeconds:N0} complete login + launch round trips/s
            cpu per launch:  {cpu.TotalMilliseconds / Math.Max(1, launched):F2} ms, the whole process: tool, emulated Moodle (signing each id_token) and browsers; PostgreSQL not counted
            target:          >= 2,000 launches/s and >= 5x an ltijs tool on the same machine (issue: LTI Advantage); ltijs is not measured by this bench yet
            """);
        return failed > 0 ? 1 : 0;
    }
}
