using MicroCredLti.Tests.Infrastructure;

namespace MicroCredLti.Tests.Conformance;

/// <summary>
/// The LRS passes the ADL conformance suite, for xAPI 1.0.3 and 2.0.0, on PostgreSQL. A test it does not pass must be
/// listed, with the spec clause and the reason, in known-failures-VERSION.txt beside this file (and in the README):
/// anything else that fails is a regression.
/// </summary>
public sealed class ConformanceSuiteTests
{
    [Theory]
    [InlineData("1.0.3")]
    [InlineData("2.0.0")]
    public async Task The_ADL_conformance_suite_fails_nothing_but_the_listed_known_failures(string version)
    {
        await using var database = await TestDatabase.CreateAsync(Storage.PostgreSql);
        await using var tool = ToolHost.StartOnLoopback(database, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:MicroCredLti.Problems"] = "Warning",
            // A request that names no version is refused as the deployment's default version, which each suite expects to be its own.
            ["XapiCollector:DefaultVersion"] = version,
        });

        var run = await AdlConformanceSuite.RunAsync(new Uri(tool.LoopbackAddress!, "xapi"), ToolHost.LrsKey, ToolHost.LrsSecret, version);

        var known = KnownFailures(version);
        var unexpected = run.Failures.Where(path => !known.Contains(path)).Distinct().ToList();
        AdlConformanceSuite.Report(version, run, unexpected.Count);
        run.Total.Should().BeGreaterThan(1000, "the whole suite runs");
        unexpected.Should().BeEmpty($"every failure must be a known, documented one; fixed ones come off the list: {string.Join("\n", unexpected)}");
    }

    private static HashSet<string> KnownFailures(string version)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Conformance", $"known-failures-{version}.txt");
        return File.Exists(file)
            ? File.ReadLines(file).Select(l => l.Split(" # ")[0].Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet()
            : [];
    }
}
