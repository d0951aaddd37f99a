using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MicroCredLti.CreditMapper.Sweep;
using MicroCredLti.Tests.Infrastructure;
using MicroCredLti.XapiCollector;
using Microsoft.Extensions.DependencyInjection;

namespace MicroCredLti.Tests.Xapi;

/// <summary>
/// Learning records are deleted for good through the admin API: everything about one agent on request (GDPR Art. 17),
/// or what was stored before a retention cut-off. Each has a dry run that reports what it would delete; each is
/// audited; and statements an issued award cites are evidence, deleted only when forced, which revokes the award.
/// </summary>
public sealed class ErasureTests
{
    private const string Moodle = DocumentRequests.Moodle;

    [Theory]
    [InlineData(Storage.Sqlite)]
    [InlineData(Storage.PostgreSql)]
    public async Task Erasing_an_agent_deletes_its_statements_documents_and_account_and_nothing_of_anyone_else(Storage storage)
    {
        await using var database = await TestDatabase.CreateAsync(storage);
        await using var tool = ToolHost.Start(database);
        var lrs = new LrsClient(tool.CreateClient());
        var mine = new[] { Statement("7"), Statement("7") };
        var theirs = Statement("8");
        (await lrs.PostAsync([.. mine, theirs])).StatusCode.Should().Be(HttpStatusCode.OK);
        (await tool.CreateClient().WithLrsHeaders().PutAsync(DocumentRequests.StateUrl("bookmark"), DocumentRequests.Json("{\"page\":3}")))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        var admin = await tool.CreateClient().WithApiTokenAsync();

        var dryRun = await ReportAsync(await admin.PostAsJsonAsync("/admin/xapi/erasures", Erasure("7", dryRun: true)));
        dryRun["statements"]!.GetValue<int>().Should().Be(2);
        dryRun["documents"]!.GetValue<int>().Should().Be(1);
        dryRun["learnerAccounts"]!.GetValue<int>().Should().Be(1);
        (await lrs.IdsAsync(LrsClient.Query(("agent", Agent("7").ToJsonString())))).Should().HaveCount(2, "a dry run deletes nothing");

        var erased = await ReportAsync(await admin.PostAsJsonAsync("/admin/xapi/erasures", Erasure("7")));
        erased["statements"]!.GetValue<int>().Should().Be(2);
        (await lrs.IdsAsync(LrsClient.Query(("agent", Agent("7").ToJsonString())))).Should().BeEmpty();
        (await lrs.GetAsync(LrsClient.Query(("statementId", Id(mine[0]))))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await tool.CreateClient().WithLrsHeaders().GetAsync(DocumentRequests.StateUrl("bookmark"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await lrs.IdsAsync(LrsClient.Query(("activity", theirs["object"]!["id"]!.GetValue<string>()))))
            .Should().Equal([Id(theirs)], "another learner's statement about the same course stays, and is still found through its activity");

        var audit = (await admin.GetFromJsonAsync<JsonObject>("/admin/xapi/erasures"))!["erasures"]!.AsArray();
        audit.Select(e => e!["dryRun"]!.GetValue<bool>()).Should().BeEquivalentTo([false, true]);
        audit.ToJsonString().Should().NotContain("moodle.example.edu", "the audit names the agent by a hash of its identifier, not by what it erased");
    }

    [Fact]
    public async Task A_learner_whose_statements_an_award_cites_is_not_erased_unless_forced_and_forcing_revokes_the_award()
    {
        await using var scenario = await ProgramScenario.CreateAsync(Storage.Sqlite);
        await using var tool = scenario.StartTool();
        var earning = scenario.Programs.CompletedBy(scenario.Platform.Issuer, "42", finalScore: 0.9);
        (await SweepAfterAsync(tool, earning)).Should().Be(1);
        var admin = await tool.CreateClient().WithApiTokenAsync();
        var learner = new JsonObject { ["account"] = new JsonObject { ["homePage"] = scenario.Platform.Issuer, ["name"] = "42" } };

        var refused = await admin.PostAsJsonAsync("/admin/xapi/erasures", new JsonObject { ["agent"] = learner.DeepClone() });
        var problem = await refused.ShouldBeProblemAsync(XapiProblems.EvidenceCited);
        problem["citedStatements"]!.AsArray().Should().NotBeEmpty();
        (await new LrsClient(tool.CreateClient()).StatementsAsync("?limit=50")).Should().HaveCount(earning.Length, "nothing was deleted");

        var forced = await ReportAsync(await admin.PostAsJsonAsync("/admin/xapi/erasures",
            new JsonObject { ["agent"] = learner.DeepClone(), ["force"] = true, ["reason"] = "GDPR request 2026-118" }));
        forced["citedStatements"]!.AsArray().Should().NotBeEmpty();
        (await new LrsClient(tool.CreateClient()).StatementsAsync("?limit=50")).Should().BeEmpty();
        var award = (await new RegistrarClient(tool.CreateClient()).CreditsAsync())["credits"]!.AsArray().Single()!;
        award["revokedAt"].Should().NotBeNull();
        award["revocationReason"]!.GetValue<string>().Should().Contain("GDPR request 2026-118");
    }

    [Fact]
    public async Task A_retention_purge_deletes_what_was_stored_before_the_cut_off_and_keeps_cited_evidence_unless_forced()
    {
        await using var scenario = await ProgramScenario.CreateAsync(Storage.Sqlite);
        await using var tool = scenario.StartTool();
        var earning = scenario.Programs.CompletedBy(scenario.Platform.Issuer, "42", finalScore: 0.9);
        var other = TestPrograms.PassedBy(scenario.Platform.Issuer, "43", scenario.Programs.Courses[0]);
        (await SweepAfterAsync(tool, [.. earning, other])).Should().Be(1);
        var admin = await tool.CreateClient().WithApiTokenAsync();
        var lrs = new LrsClient(tool.CreateClient());
        var now = DateTimeOffset.UtcNow.AddSeconds(1);
        await Task.Delay(1100);
        var later = Statement("7");
        (await lrs.PostAsync(later)).StatusCode.Should().Be(HttpStatusCode.OK);

        var dryRun = await ReportAsync(await admin.PostAsJsonAsync("/admin/xapi/retention-purges", new { storedBefore = now, dryRun = true }));
        var cited = dryRun["citedStatements"]!.AsArray().Count;
        cited.Should().BeGreaterThan(0);
        dryRun["statements"]!.GetValue<int>().Should().Be(earning.Length + 1 - cited);

        await ReportAsync(await admin.PostAsJsonAsync("/admin/xapi/retention-purges", new { storedBefore = now }));
        (await lrs.StatementsAsync("?limit=50")).Should().HaveCount(cited + 1, "cited evidence and what came after the cut-off stay");

        await ReportAsync(await admin.PostAsJsonAsync("/admin/xapi/retention-purges", new { storedBefore = now, force = true }));
        (await lrs.IdsAsync("?limit=50")).Should().Equal(Id(later));
        (await new RegistrarClient(tool.CreateClient()).CreditsAsync())["credits"]!.AsArray().Single()!["revokedAt"].Should().NotBeNull();
    }

    [Theory]
    [InlineData("/admin/xapi/erasures", "{}")]
    [InlineData("/admin/xapi/erasures", "{\"agent\":{\"name\":\"no identifier\"}}")]
    [InlineData("/admin/xapi/retention-purges", "{}")]
    [InlineData("/admin/xapi/retention-purges", "{\"storedBefore\":\"2999-01-01T00:00:00Z\"}")]
    public async Task An_erasure_or_purge_that_names_nothing_valid_is_refused_and_deletes_nothing(string path, string body)
    {
        await using var database = await TestDatabase.CreateAsync(Storage.Sqlite);
        await using var tool = ToolHost.Start(database);
        (await new LrsClient(tool.CreateClient()).PostAsync(Statement("7"))).StatusCode.Should().Be(HttpStatusCode.OK);
        var admin = await tool.CreateClient().WithApiTokenAsync();

        await (await admin.PostAsync(path, LrsClient.JsonContent(body))).ShouldBeProblemAsync(XapiProblems.ErasureInvalid);
        (await new LrsClient(tool.CreateClient()).StatementsAsync()).Should().HaveCount(1);
    }

    [Fact]
    public async Task Only_an_admin_token_may_erase()
    {
        await using var database = await TestDatabase.CreateAsync(Storage.Sqlite);
        await using var tool = ToolHost.Start(database);

        (await tool.CreateClient().PostAsJsonAsync("/admin/xapi/erasures", Erasure("7"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await tool.CreateClient().WithLrsHeaders().PostAsJsonAsync("/admin/xapi/erasures", Erasure("7")))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized, "LRS credentials are not an admin token");
    }

    private static JsonObject Statement(string learner) =>
        Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, learner);

    private static JsonObject Agent(string learner) => DocumentRequests.MoodleLearner(learner);

    private static JsonObject Erasure(string learner, bool dryRun = false) =>
        new() { ["agent"] = Agent(learner), ["dryRun"] = dryRun, ["reason"] = "test" };

    private static string Id(JsonObject statement) => statement["id"]!.GetValue<string>();

    private static async Task<JsonObject> ReportAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    private static async Task<int> SweepAfterAsync(ToolHost tool, JsonObject[] statements)
    {
        (await new LrsClient(tool.CreateClient()).PostAsync(statements)).StatusCode.Should().Be(HttpStatusCode.OK);
        await using var scope = tool.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CreditSweep>().RunAsync(CancellationToken.None);
    }
}
