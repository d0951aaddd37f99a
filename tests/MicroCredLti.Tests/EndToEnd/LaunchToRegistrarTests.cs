using System.Net;
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
        await using var scenario = await ProgramScenario.CreateAsync(storage);
        var (platform, programs) = (scenario.Platform, scenario.Programs);
        // Every second: the recurring job itself does the sweeping.
        await using var tool = scenario.StartTool(("CreditMapper:SweepCron", "* * * * * *"));

        var launch = await new LtiBrowser(tool.CreateBrowser()).LaunchAsync(platform, Ada, Unit1);
        launch.StatusCode.Should().Be(HttpStatusCode.OK, await launch.Content.ReadAsStringAsync());
        (await launch.Content.ReadAsStringAsync()).Should().Contain("Ada Lovelace").And.Contain("Unit 1: Demand planning");

        var lrs = new LrsClient(tool.CreateClient());
        var launched = await lrs.StatementsAsync("?verb=" + Uri.EscapeDataString("http://adlnet.gov/expapi/verbs/launched"));
        launched.Should().ContainSingle();
        launched[0]!["actor"]!["account"]!["name"]!.GetValue<string>().Should().Be("42");
        launched[0]!["actor"]!["account"]!["homePage"]!.GetValue<string>().Should().Be(platform.Issuer);

        var statements = programs.CompletedBy(platform.Issuer, Ada.Id, finalScore: 0.82);
        (await lrs.PostAsync(statements)).StatusCode.Should().Be(HttpStatusCode.OK);
        // Grace passes three courses only: no award for her.
        (await lrs.PostAsync(programs.Courses.Take(3).Select(c => TestPrograms.PassedBy(platform.Issuer, Grace.Id, c)).ToArray()))
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
        await using var scenario = await ProgramScenario.CreateAsync(storage);
        var (platform, programs) = (scenario.Platform, scenario.Programs);

        await using (var before = scenario.StartTool())
        {
            (await new LtiBrowser(before.CreateBrowser()).LaunchAsync(platform, Ada, Unit1)).StatusCode.Should().Be(HttpStatusCode.OK);
            (await new LrsClient(before.CreateClient()).PostAsync(programs.CompletedBy(platform.Issuer, Ada.Id, 0.9)))
                .StatusCode.Should().Be(HttpStatusCode.OK);
            (await new RegistrarClient(before.CreateClient()).CreditsAsync())["credits"]!.AsArray().Should().BeEmpty("no sweep ran yet");
        }

        await using var after = scenario.StartTool();
        after.TriggerCreditSweep();
        var registrar = new RegistrarClient(after.CreateClient());
        (await registrar.WaitForCreditsAsync(1)).Should().ContainSingle().Which!["studentId"]!.GetValue<string>().Should().Be("S-1001");

        after.TriggerCreditSweep();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        (await registrar.CreditsAsync())["credits"]!.AsArray().Should().ContainSingle();
    }
}
