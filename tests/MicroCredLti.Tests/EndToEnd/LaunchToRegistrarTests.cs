using System.Net;
using System.Text.Json.Nodes;
using MicroCredLti.Tests.Infrastructure;

namespace MicroCredLti.Tests.EndToEnd;

/// <summary>
/// The whole path: a Moodle launch, statements from xAPI clients, the Hangfire credit sweep, and the registrar's pull.
/// </summary>
public sealed class LaunchToRegistrarTests
{
    private static readonly LmsUser Ada = new("42", "Ada Lovelace", "ada@example.edu", [LmsUser.Learner], StudentId: "S-1001");
    private static readonly LmsUser Grace = new("43", "Grace Hopper", "grace@example.edu", [LmsUser.Learner], StudentId: "S-1002");
    private static readonly ResourceLink Unit1 = new("7", "Unit 1: Demand planning", "101", "SC1x Supply Chain Fundamentals");

    [Theory]
    [InlineData(Storage.Sqlite)]
    [InlineData(Storage.PostgreSql)]
    public async Task A_learner_who_completes_the_program_is_awarded_its_credit_once_and_the_registrar_pulls_it(Storage storage)
    {
        await using var platform = await PlatformEmulator.StartMoodleAsync();
        await using var database = await TestDatabase.CreateAsync(storage);
        var programs = TestPrograms.SupplyChain(platform.Issuer);
        await using var tool = ToolHost.Start(database, new Dictionary<string, string?>(platform.Registration())
        {
            ["CreditMapper:ProgramsFile"] = programs.File,
            ["CreditMapper:SweepCron"] = "* * * * * *", // every second: the recurring job itself does the sweeping
        });

        var launch = await new LtiBrowser(tool.CreateBrowser()).LaunchAsync(platform, Ada, Unit1);
        launch.StatusCode.Should().Be(HttpStatusCode.OK, await launch.Content.ReadAsStringAsync());
        (await launch.Content.ReadAsStringAsync()).Should().Contain("Ada Lovelace").And.Contain("Unit 1: Demand planning");

        var lrs = new LrsClient(tool.CreateClient());
        var launched = await lrs.StatementsAsync("?verb=" + Uri.EscapeDataString("http://adlnet.gov/expapi/verbs/launched"));
        launched.Should().ContainSingle();
        launched[0]!["actor"]!["account"]!["name"]!.GetValue<string>().Should().Be("42");
        launched[0]!["actor"]!["account"]!["homePage"]!.GetValue<string>().Should().Be(platform.Issuer);

        var statements = ProgramCompletedBy(platform.Issuer, Ada.Id, programs, finalScore: 0.82);
        (await lrs.PostAsync(statements)).StatusCode.Should().Be(HttpStatusCode.OK);
        // Grace passes three courses only: no award for her.
        (await lrs.PostAsync(programs.Courses.Take(3).Select(c => Passed(platform.Issuer, Grace.Id, c)).ToArray()))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var registrar = new RegistrarClient(tool.CreateClient());
        var credits = await registrar.WaitForCreditsAsync(1);
        credits.Should().ContainSingle();
        var credit = credits[0]!;
        credit["studentId"]!.GetValue<string>().Should().Be("S-1001");
        credit["programSlug"]!.GetValue<string>().Should().Be(TestPrograms.Slug);
        credit["credits"]!.GetValue<decimal>().Should().Be(7.5m);
        credit["creditUnit"]!.GetValue<string>().Should().Be("ECTS");
        credit["level"]!.GetValue<string>().Should().Be("Graduate (EQF level 7)");
        var evidence = credit["evidence"]!.AsArray();
        evidence.Should().HaveCount(5);
        evidence[4]!["scaledScore"]!.GetValue<double>().Should().Be(0.82);
        evidence[4]!["proctoringStatementId"]!.GetValue<string>().Should().Be((string)statements[^1]["id"]!);

        // The same statements again, and more sweeps: still one award.
        (await lrs.PostAsync(statements)).StatusCode.Should().Be(HttpStatusCode.OK);
        tool.TriggerCreditSweep();
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        (await registrar.CreditsAsync())["credits"]!.AsArray().Should().ContainSingle();
    }

    [Theory]
    [InlineData(Storage.Sqlite)]
    [InlineData(Storage.PostgreSql)]
    public async Task A_restart_between_storing_and_sweeping_loses_nothing_and_awards_once(Storage storage)
    {
        await using var platform = await PlatformEmulator.StartMoodleAsync();
        await using var database = await TestDatabase.CreateAsync(storage);
        var programs = TestPrograms.SupplyChain(platform.Issuer);
        var settings = new Dictionary<string, string?>(platform.Registration()) { ["CreditMapper:ProgramsFile"] = programs.File };

        await using (var before = ToolHost.Start(database, settings))
        {
            (await new LtiBrowser(before.CreateBrowser()).LaunchAsync(platform, Ada, Unit1)).StatusCode.Should().Be(HttpStatusCode.OK);
            (await new LrsClient(before.CreateClient()).PostAsync(ProgramCompletedBy(platform.Issuer, Ada.Id, programs, 0.9)))
                .StatusCode.Should().Be(HttpStatusCode.OK);
            (await new RegistrarClient(before.CreateClient()).CreditsAsync())["credits"]!.AsArray().Should().BeEmpty("no sweep ran yet");
        }

        await using var after = ToolHost.Start(database, settings);
        after.TriggerCreditSweep();
        var registrar = new RegistrarClient(after.CreateClient());
        (await registrar.WaitForCreditsAsync(1)).Should().ContainSingle().Which!["studentId"]!.GetValue<string>().Should().Be("S-1001");

        after.TriggerCreditSweep();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        (await registrar.CreditsAsync())["credits"]!.AsArray().Should().ContainSingle();
    }

    /// <summary>Four courses passed and the final passed under proctoring, as Open edX reports them.</summary>
    private static JsonObject[] ProgramCompletedBy(string lmsRoot, string userId, TestPrograms programs, double finalScore) =>
    [
        .. programs.Courses.Select(course => Passed(lmsRoot, userId, course)),
        Passed(lmsRoot, userId, programs.FinalExam).WithScaledScore(finalScore),
        Fixtures.Statement(Fixtures.OpenEdxProctoredAttemptSubmitted).By(lmsRoot, userId).WithParent(programs.FinalExam).WithAttemptAsIri(lmsRoot),
    ];

    private static JsonObject Passed(string lmsRoot, string userId, string course) =>
        Fixtures.Statement(Fixtures.OpenEdxCoursePassed).By(lmsRoot, userId).On(course);
}
