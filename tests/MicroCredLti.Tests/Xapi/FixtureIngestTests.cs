using System.Net;
using System.Text.Json.Nodes;
using MicroCredLti.Tests.Infrastructure;

namespace MicroCredLti.Tests.Xapi;

/// <summary>What Moodle's and Open edX's emitters really send is stored, unless it breaks a MUST of the xAPI spec.</summary>
public sealed class FixtureIngestTests
{
    /// <summary>
    /// Open edX event-routing-backends fixtures that a conformant LRS has to refuse, and the rule each breaks.
    /// They are refused with a 400 that names the offending property, so the emitter's operator can see why.
    /// </summary>
    private static readonly Dictionary<string, string> NonConformant = new()
    {
        // "GroupActivity" is not an objectType (Data 2.4.4.1); these problem events use it for multi-question problems.
        ["problem_check(server).list_answers.json"] = "$[0].object.objectType",
        ["problem_check(server,multiple_questions,correct).json"] = "$[0].object.objectType",
        ["problem_check(server,multiple_questions,incorrect).json"] = "$[0].object.objectType",
        ["problem_check(server,multiple_questions,partial_correct).json"] = "$[0].object.objectType",
        // A bare UUID as an attempt's activity id is not an IRI (Data 2.4.4.1.1).
        ["edx.special_exam.practice.attempt.created.json"] = "$.context.contextActivities.grouping[0]",
        ["edx.special_exam.practice.attempt.submitted.json"] = "$.context.contextActivities.grouping[0]",
        ["edx.special_exam.proctored.attempt.created.json"] = "$.context.contextActivities.grouping[0]",
        ["edx.special_exam.proctored.attempt.submitted.json"] = "$.context.contextActivities.grouping[0]",
        ["edx.special_exam.timed.attempt.created.json"] = "$.context.contextActivities.grouping[0]",
        ["edx.special_exam.timed.attempt.submitted.json"] = "$.context.contextActivities.grouping[0]",
        // An Activity without an id (Data 2.4.4.1).
        ["problem_check(browser).required.only.data.json"] = "$.object.id",
    };

    [Fact]
    public async Task Every_conformant_statement_the_LMS_emitters_send_is_stored_and_the_rest_refused_with_the_reason()
    {
        await using var database = await TestDatabase.CreateAsync(Storage.Sqlite);
        await using var tool = ToolHost.Start(database);
        var lrs = new LrsClient(tool.CreateClient());

        var stored = 0;
        var unexpected = new List<string>();
        foreach (var file in Fixtures.AllStatementFiles())
        {
            var name = Path.GetFileName(file);
            var node = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
            // The emitters' test fixtures reuse statement ids across files (ids derived from the same sample event);
            // stored together they would rightly conflict (409), so each gets a fresh id.
            foreach (var statement in node is JsonArray many ? many.Select(s => s!.AsObject()) : [node.AsObject()])
                if (statement.ContainsKey("id")) statement["id"] = Guid.NewGuid().ToString();
            var response = await lrs.PostRawAsync(node.ToJsonString());
            var body = await response.Content.ReadAsStringAsync();
            if (NonConformant.TryGetValue(name, out var offendingPath))
            {
                if (response.StatusCode != HttpStatusCode.BadRequest || !body.Contains($"\"{offendingPath}\""))
                    unexpected.Add($"{name} should be refused at {offendingPath}: {(int)response.StatusCode} {body}");
            }
            else if (response.StatusCode == HttpStatusCode.OK) stored += node is JsonArray array ? array.Count : 1;
            else unexpected.Add($"{name}: {(int)response.StatusCode} {body}");
        }

        unexpected.Should().BeEmpty();
        stored.Should().BeGreaterThan(200);
        (await lrs.StatementsAsync("?limit=500")).Count.Should().Be(stored);
    }
}
