using System.Net;
using MicroCredLti.Tests.Infrastructure;

namespace MicroCredLti.Tests.EndToEnd;

/// <summary>A student known to two LMSs is one learner when both send the institution's student id.</summary>
public sealed class IdentityTests
{
    [Fact]
    public async Task Work_done_in_two_LMSs_by_one_student_counts_toward_one_award()
    {
        await using var scenario = await ProgramScenario.CreateAsync(Storage.Sqlite);
        await using var secondLms = await PlatformEmulator.StartMoodleAsync();
        var programs = scenario.Programs;
        await using var tool = scenario.StartTool([.. secondLms.Registration(index: 1).Select(s => (s.Key, s.Value!))]);
        var onFirst = new LmsUser("42", "Ada Lovelace", "ada@example.edu", [LmsUser.Learner], StudentId: "S-1001");
        var onSecond = new LmsUser("9001", "Ada Lovelace", "ada@campus2.example.edu", [LmsUser.Learner], StudentId: "S-1001");
        var browser = new LtiBrowser(tool.CreateBrowser());
        (await browser.LaunchAsync(scenario.Platform, onFirst, new ResourceLink("7", "Unit 1", "101", "SC1x"))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await browser.LaunchAsync(secondLms, onSecond, new ResourceLink("3", "Week 1", "301", "SC3x"))).StatusCode.Should().Be(HttpStatusCode.OK);

        var all = programs.CompletedBy(scenario.Platform.Issuer, onFirst.Id, finalScore: 0.7);
        // The first LMS reports two courses; the second reports the rest under its own account for the student.
        var onSecondLms = all.Skip(2).Select(s => s.By(secondLms.Issuer, onSecond.Id)).ToArray();
        var lrs = new LrsClient(tool.CreateClient());
        (await lrs.PostAsync(all.Take(2).ToArray())).StatusCode.Should().Be(HttpStatusCode.OK);
        (await lrs.PostAsync(onSecondLms)).StatusCode.Should().Be(HttpStatusCode.OK);

        tool.TriggerCreditSweep();
        var credits = await new RegistrarClient(tool.CreateClient()).WaitForCreditsAsync(1);
        credits.Should().ContainSingle().Which!["studentId"]!.GetValue<string>().Should().Be("S-1001");
    }

    [Fact]
    public async Task A_student_id_that_already_belongs_to_another_learner_does_not_break_the_launch()
    {
        await using var scenario = await ProgramScenario.CreateAsync(Storage.Sqlite);
        await using var secondLms = await PlatformEmulator.StartMoodleAsync();
        await using var tool = scenario.StartTool([.. secondLms.Registration(index: 1).Select(s => (s.Key, s.Value!))]);
        var browser = new LtiBrowser(tool.CreateBrowser());
        // The first LMS reports activity for user 42 before the student ever launches the tool from it.
        (await new LrsClient(tool.CreateClient()).PostAsync(TestPrograms.PassedBy(scenario.Platform.Issuer, "42", scenario.Programs.Courses[0])))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await browser.LaunchAsync(secondLms, new LmsUser("9001", "Ada", "ada@campus2.example.edu", [LmsUser.Learner], "S-1001"),
            new ResourceLink("3", "Week 1", "301", "SC3x"))).StatusCode.Should().Be(HttpStatusCode.OK);

        var launch = await browser.LaunchAsync(scenario.Platform, new LmsUser("42", "Ada", "ada@example.edu", [LmsUser.Learner], "S-1001"),
            new ResourceLink("7", "Unit 1", "101", "SC1x"));

        launch.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
