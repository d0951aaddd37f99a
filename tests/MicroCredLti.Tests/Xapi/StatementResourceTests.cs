using MicroCredLti.XapiCollector;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredLti.Tests.Infrastructure;

namespace MicroCredLti.Tests.Xapi;

/// <summary>The statement resource: what it stores, and how it refuses bad requests without storing any of them.</summary>
/// <remarks>The theories that differ by database start a host of their own.</remarks>
public sealed class StatementResourceTests : HostTest
{
    private const string Moodle = "https://moodle.example.edu";

    [Theory]
    [InlineData(Storage.Sqlite)]
    [InlineData(Storage.PostgreSql)]
    public async Task Malformed_json_is_refused_with_a_problem_and_nothing_is_stored(Storage storage)
    {
        await using var database = await TestDatabase.CreateAsync(storage);
        await using var tool = ToolHost.Start(database);
        var lrs = new LrsClient(tool.CreateClient());
        var valid = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7").ToJsonString();

        var response = await lrs.PostRawAsync($"[{valid}, {{\"actor\": ");

        await response.ShouldBeProblemAsync(XapiProblems.BodyMalformed);
        (await lrs.StatementsAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData(Storage.Sqlite)]
    [InlineData(Storage.PostgreSql)]
    public async Task A_batch_with_one_invalid_statement_stores_none_of_it(Storage storage)
    {
        await using var database = await TestDatabase.CreateAsync(storage);
        await using var tool = ToolHost.Start(database);
        var lrs = new LrsClient(tool.CreateClient());
        var invalid = Fixtures.Statement(Fixtures.OpenEdxCoursePassed).By(Moodle, "8");
        invalid["verb"]!["id"] = "passed";

        var response = await lrs.PostAsync(Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7"), invalid);

        var problem = (await response.ShouldBeProblemAsync(XapiProblems.StatementInvalid)).ShouldNameErrorAt("$[1].verb.id");
        problem["errors"]!.AsObject().Should().ContainKey("$[1].verb.id");
        (await lrs.StatementsAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData(Storage.Sqlite)]
    [InlineData(Storage.PostgreSql)]
    public async Task Concurrent_batches_introducing_the_same_new_learners_are_all_stored(Storage storage)
    {
        await using var database = await TestDatabase.CreateAsync(storage);
        await using var tool = ToolHost.Start(database);
        var lrs = new LrsClient(tool.CreateClient());
        JsonObject[] Batch() => Enumerable.Range(1, 25)
            .Select(learner => Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, $"{learner}")).ToArray();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => lrs.PostAsync(Batch())));

        responses.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        (await lrs.StatementsAsync("?limit=500")).Should().HaveCount(8 * 25);
        var agent = new JsonObject { ["account"] = new JsonObject { ["homePage"] = Moodle, ["name"] = "7" } };
        (await lrs.StatementsAsync("?agent=" + Uri.EscapeDataString(agent.ToJsonString()))).Should().HaveCount(8, "one learner, however many batches raced to create it");
    }

    [Fact]
    public async Task Statements_come_newest_first_in_pages_linked_by_more()
    {
        var http = Tool.CreateClient().WithLrsHeaders();
        var sent = Enumerable.Range(1, 5).Select(i => Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, $"{i}")).ToArray();
        foreach (var statement in sent)
            (await new LrsClient(Tool.CreateClient()).PostAsync(statement)).StatusCode.Should().Be(HttpStatusCode.OK);

        var received = new List<string>();
        for (var next = "/xapi/statements?limit=2"; next.Length > 0;)
        {
            var response = await http.GetAsync(next);
            response.Headers.Should().ContainKey("X-Experience-API-Consistent-Through");
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            received.AddRange(page["statements"]!.AsArray().Select(st => st!["id"]!.GetValue<string>()));
            next = page["more"]!.GetValue<string>();
        }

        received.Should().Equal(sent.Reverse().Select(st => st["id"]!.GetValue<string>()));
        var ascending = JsonNode.Parse(await http.GetStringAsync("/xapi/statements?ascending=true&limit=1"))!["statements"]![0]!;
        ascending["id"]!.GetValue<string>().Should().Be(sent[0]["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"objectType":"Group","mbox":"mailto:team@example.edu","openid":"https://example.edu/team"}""", "$.actor")]
    [InlineData("""{"mbox":"mailto:ada@example.edu","account":{"homePage":"https://lms.example.edu","name":"42"}}""", "$.actor")]
    [InlineData("""{"objectType":"Group"}""", "$.actor.member")]
    public async Task Actors_without_exactly_one_identifier_are_refused(string actor, string path)
    {
        var statement = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7");
        statement["actor"] = JsonNode.Parse(actor);

        (await (await new LrsClient(Tool.CreateClient()).PostAsync(statement)).ShouldBeProblemAsync(XapiProblems.StatementInvalid)).ShouldNameErrorAt(path);
    }

    [Fact]
    public async Task A_voiding_statement_must_point_at_a_statement()
    {
        var voiding = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7");
        voiding["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/voided" };

        (await (await new LrsClient(Tool.CreateClient()).PostAsync(voiding)).ShouldBeProblemAsync(XapiProblems.StatementInvalid)).ShouldNameErrorAt("$.object");
    }

    [Fact]
    public async Task A_property_xAPI_does_not_define_is_refused()
    {
        var statement = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7");
        statement["grade"] = "A";

        var response = await new LrsClient(Tool.CreateClient()).PostAsync(statement);

        await response.ShouldBeProblemAsync(XapiProblems.BodyMalformed);
    }

    [Fact]
    public async Task Sending_the_same_statement_twice_stores_it_once_and_a_different_one_under_its_id_conflicts()
    {
        var lrs = new LrsClient(Tool.CreateClient());
        var statement = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7");

        (await lrs.PostAsync(statement)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await lrs.PostAsync(statement)).StatusCode.Should().Be(HttpStatusCode.OK);
        var impostor = statement.DeepClone().AsObject();
        impostor["verb"]!["id"] = "http://adlnet.gov/expapi/verbs/failed";
        var conflict = await lrs.PostAsync(Fixtures.Statement(Fixtures.OpenEdxCoursePassed).By(Moodle, "9"), impostor);

        await conflict.ShouldBeProblemAsync(XapiProblems.StatementConflict);
        (await lrs.StatementsAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task A_statement_put_under_an_id_is_served_back_with_what_the_LRS_adds()
    {
        var http = Tool.CreateClient();
        var lrs = new LrsClient(http);
        var id = Guid.NewGuid();
        var statement = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7");
        statement.Remove("id");

        var put = await http.PutAsync($"/xapi/statements?statementId={id}", LrsClient.JsonContent(statement.ToJsonString()));

        put.StatusCode.Should().Be(HttpStatusCode.NoContent);
        put.Headers.GetValues("X-Experience-API-Version").Should().Equal("1.0.3");
        var stored = JsonNode.Parse(await http.GetStringAsync($"/xapi/statements?statementId={id}"))!;
        stored["id"]!.GetValue<string>().Should().Be(id.ToString());
        stored["stored"].Should().NotBeNull();
        stored["timestamp"].Should().NotBeNull();
        stored["authority"]!["account"]!["name"]!.GetValue<string>().Should().Be(ToolHost.LrsKey);
        stored["object"]!["id"]!.GetValue<string>().Should().Be("http://www.example.org/course/view.php?id=2");
        var agent = new JsonObject { ["account"] = new JsonObject { ["homePage"] = Moodle, ["name"] = "7" } };
        (await lrs.StatementsAsync("?agent=" + Uri.EscapeDataString(agent.ToJsonString())))
            .Should().ContainSingle();
    }

    [Fact]
    public async Task A_request_without_the_xAPI_version_header_is_refused()
    {

        var response = await new LrsClient(Tool.CreateClient(), version: null)
            .PostAsync(Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7"));

        await response.ShouldBeProblemAsync(XapiProblems.VersionMissing);
        response.Headers.GetValues("X-Experience-API-Version").Should().Equal("1.0.3");
    }

    [Fact]
    public async Task A_client_with_a_wrong_secret_is_refused_with_a_basic_challenge()
    {

        var response = await new LrsClient(Tool.CreateClient(), secret: "not-the-secret-at-all")
            .PostAsync(Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7"));

        await response.ShouldBeProblemAsync(XapiProblems.CredentialsRequired);
        response.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Basic");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused()
    {
        var http = Tool.CreateClient();
        _ = new LrsClient(http);

        var response = await http.PostAsync("/xapi/statements", new StringContent("actor=me", Encoding.UTF8, "text/plain"));

        await response.ShouldBeProblemAsync(XapiProblems.ContentTypeUnsupported);
    }
}
