using System.Net;
using System.Text.Json.Nodes;
using MicroCredLti.Tests.Infrastructure;
using MicroCredLti.XapiCollector.Repairs;

namespace MicroCredLti.Tests.Xapi;

/// <summary>
/// An LRS client can opt into repairs of an emitter's known defects, so that nothing a real LMS sends is lost: each
/// repair is deterministic and recorded on the stored statement with the JSON path and the value it replaced.
/// </summary>
public sealed class EmitterRepairTests : IAsyncLifetime
{
    private const string OpenEdxKey = "openedx-emitter";
    private const string OpenEdxSecret = "openedx-emitter-secret-0123456789";

    private TestDatabase database = null!;
    private ToolHost tool = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(Storage.Sqlite);
        tool = ToolHost.Start(database, new Dictionary<string, string?>
        {
            ["XapiCollector:Clients:1:Key"] = OpenEdxKey,
            ["XapiCollector:Clients:1:Secret"] = OpenEdxSecret,
            ["XapiCollector:Clients:1:Name"] = "Open edX event-routing-backends",
            ["XapiCollector:Clients:1:Repairs:0"] = "openedx",
        });
    }

    public async Task DisposeAsync()
    {
        await tool.DisposeAsync();
        await database.DisposeAsync();
    }

    private LrsClient OpenEdx => new(tool.CreateClient(), OpenEdxKey, OpenEdxSecret);

    [Fact]
    public async Task With_the_Open_edX_repairs_every_fixture_file_the_emitters_send_is_stored()
    {
        var files = Fixtures.AllStatementFiles().ToList();
        var refused = new List<string>();
        var stored = 0;
        foreach (var file in files)
        {
            var node = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
            // The emitters' fixtures reuse statement ids across files; stored together they would rightly conflict.
            foreach (var statement in node is JsonArray many ? many.Select(s => s!.AsObject()) : [node.AsObject()])
                if (statement.ContainsKey("id")) statement["id"] = Guid.NewGuid().ToString();
            var response = await OpenEdx.PostRawAsync(node.ToJsonString());
            if (response.StatusCode == HttpStatusCode.OK) stored += node is JsonArray array ? array.Count : 1;
            else refused.Add($"{Path.GetFileName(file)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        refused.Should().BeEmpty();
        files.Should().HaveCountGreaterThan(240);
        (await OpenEdx.StatementsAsync("?limit=500")).Count.Should().Be(stored);
    }

    [Fact]
    public async Task A_proctored_exam_attempt_named_by_a_bare_UUID_is_stored_with_the_UUID_as_an_IRI_and_the_repair_recorded()
    {
        var attempt = Fixtures.Statement(Fixtures.OpenEdxProctoredAttemptSubmitted);
        attempt["id"] = Guid.NewGuid().ToString();

        (await OpenEdx.PostAsync(attempt)).StatusCode.Should().Be(HttpStatusCode.OK);

        var stored = (await OpenEdx.StatementsAsync($"?agent={Uri.EscapeDataString(attempt["actor"]!.ToJsonString())}"
            + $"&activity={Uri.EscapeDataString(attempt["object"]!["id"]!.GetValue<string>())}")).Should().ContainSingle().Subject!;
        stored["context"]!["contextActivities"]!["grouping"]![0]!["id"]!.GetValue<string>()
            .Should().Be("urn:uuid:438ad672-de2c-4f0b-8876-35444e7dd746");
        var record = stored["context"]!["extensions"]![EmitterRepairs.RecordExtension]!.AsArray().Should().ContainSingle().Subject!;
        record["repair"]!.GetValue<string>().Should().Be("openedx.bare-uuid-activity-id");
        record["path"]!.GetValue<string>().Should().Be("$[0].context.contextActivities.grouping[0].id");
        record["original"]!.GetValue<string>().Should().Be("438AD672-DE2C-4F0B-8876-35444E7DD746");
    }

    [Fact]
    public async Task A_multi_question_problem_sent_as_a_GroupActivity_is_stored_as_an_Activity()
    {
        var problem = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Fixtures.Root, "xapi", "openedx-event-routing-backends",
            "problem_check(server,multiple_questions,correct).json")))!.AsArray()[0]!.AsObject();
        problem["id"] = Guid.NewGuid().ToString();

        (await OpenEdx.PostAsync(problem)).StatusCode.Should().Be(HttpStatusCode.OK);

        var stored = (await OpenEdx.StatementsAsync()).Should().ContainSingle().Subject!;
        stored["object"]!["objectType"]!.GetValue<string>().Should().Be("Activity");
        stored["context"]!["extensions"]![EmitterRepairs.RecordExtension]![0]!["original"]!.GetValue<string>().Should().Be("GroupActivity");
    }

    [Fact]
    public async Task A_repaired_statement_sent_again_under_its_id_is_the_same_statement_not_a_conflict()
    {
        var attempt = Fixtures.Statement(Fixtures.OpenEdxProctoredAttemptSubmitted);
        attempt["id"] = Guid.NewGuid().ToString();

        (await OpenEdx.PostAsync(attempt)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await OpenEdx.PostAsync(attempt)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await OpenEdx.StatementsAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task A_client_without_repairs_still_gets_the_defect_refused()
    {
        var attempt = Fixtures.Statement(Fixtures.OpenEdxProctoredAttemptSubmitted);
        attempt["id"] = Guid.NewGuid().ToString();

        var response = await new LrsClient(tool.CreateClient()).PostAsync(attempt);

        (await response.ShouldBeProblemAsync(MicroCredLti.XapiCollector.XapiProblems.StatementInvalid))
            .ShouldNameErrorAt("$.context.contextActivities.grouping[0]");
    }
}
