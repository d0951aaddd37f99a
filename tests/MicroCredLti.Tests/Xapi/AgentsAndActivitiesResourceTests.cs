using System.Net;
using System.Text.Json.Nodes;
using MicroCredLti.Tests.Infrastructure;
using MicroCredLti.XapiCollector.Documents;
using MicroCredLti.XapiCollector.Learners;
using MicroCredLti.XapiCollector.Model;
using Microsoft.Extensions.DependencyInjection;
using static MicroCredLti.Tests.Xapi.DocumentRequests;

namespace MicroCredLti.Tests.Xapi;

/// <summary>
/// The Activities, Agents and About resources (xAPI 1.0.3 Part Three 2.4, 2.5, 2.8), and HEAD on every resource that
/// answers GET (1.1).
/// </summary>
public sealed class AgentsAndActivitiesResourceTests : HostTest
{
    private HttpClient Lrs() => Tool.CreateClient().WithLrsHeaders();

    [Fact]
    public async Task An_activity_is_served_with_what_every_statement_said_of_it()
    {
        var english = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7");
        var course = english["object"]!["id"]!.GetValue<string>();
        var french = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "8");
        french["object"]!["definition"] = JsonNode.Parse("""{"name":{"fr":"cours de test"},"description":{"fr":"Un cours"}}""");
        (await new LrsClient(Tool.CreateClient()).PostAsync(english, french)).StatusCode.Should().Be(HttpStatusCode.OK);

        var activity = await Lrs().GetJsonAsync(Url("/xapi/activities", ("activityId", course)));

        JsonNode.DeepEquals(activity, JsonNode.Parse($$$"""
            {"objectType":"Activity","id":"{{{course}}}","definition":{
              "name":{"en":"test_name","fr":"cours de test"},"description":{"fr":"Un cours"},"type":"https://w3id.org/xapi/cmi5/activitytype/course"}}
            """)).Should().BeTrue(activity.ToJsonString());
        var site = english["context"]!["contextActivities"]!["category"]![0]!;
        (await Lrs().GetJsonAsync(Url("/xapi/activities", ("activityId", site["id"]!.GetValue<string>()))))["definition"]!["type"]!.GetValue<string>()
            .Should().Be("http://id.tincanapi.com/activitytype/lms", "context activities are defined by statements too");
    }

    [Fact]
    public async Task An_activity_the_LRS_has_no_definition_for_is_still_an_Activity()
    {
        var activity = await Lrs().GetJsonAsync(Url("/xapi/activities", ("activityId", "https://moodle.example.edu/never-seen")));

        JsonNode.DeepEquals(activity, JsonNode.Parse("""{"objectType":"Activity","id":"https://moodle.example.edu/never-seen"}""")).Should().BeTrue();
        await (await Lrs().GetAsync("/xapi/activities")).ShouldBeProblemAsync(DocumentProblems.ActivityParameterInvalid);
        await (await Lrs().GetAsync(Url("/xapi/activities", ("activityId", ScormPackage), ("agent", MoodleLearner("7")))))
            .ShouldBeProblemAsync(DocumentProblems.ActivityParameterInvalid);
    }

    [Fact]
    public async Task An_agent_is_a_Person_whose_properties_are_all_arrays()
    {
        var person = await Lrs().GetJsonAsync(Url("/xapi/agents", ("agent", new JsonObject { ["name"] = "Ada", ["mbox"] = "mailto:Ada@example.edu" })));

        JsonNode.DeepEquals(person, JsonNode.Parse("""
            {"objectType":"Person","name":["Ada"],"mbox":["mailto:Ada@example.edu"],"mbox_sha1sum":[],"openid":[],"account":[]}
            """)).Should().BeTrue(person.ToJsonString());
    }

    [Fact]
    public async Task A_learner_with_accounts_in_two_LMSs_is_one_Person_with_both_accounts()
    {
        await using (var scope = Tool.Services.CreateAsyncScope())
        {
            var learners = scope.ServiceProvider.GetRequiredService<ILearnerDirectory>();
            await learners.LinkAsync(Agent.ForAccount(Moodle, "7"), "S-1001");
            await learners.LinkAsync(Agent.ForAccount("https://canvas.example.edu", "ada-42"), "S-1001");
            await learners.LinkAsync(Agent.ForAccount(Moodle, "8"), "S-1002");
        }

        var person = await Lrs().GetJsonAsync(Url("/xapi/agents", ("agent", MoodleLearner("7", "Ada Lovelace"))));

        person["name"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("Ada Lovelace");
        person["account"]!.AsArray().Select(a => $"{a!["homePage"]}|{a["name"]}").Should().Equal($"{Moodle}|7", "https://canvas.example.edu|ada-42");
    }

    [Fact]
    public async Task The_Agents_resource_refuses_what_is_not_an_identified_Agent()
    {
        await (await Lrs().GetAsync("/xapi/agents")).ShouldBeProblemAsync(DocumentProblems.AgentParameterInvalid);
        await (await Lrs().GetAsync(Url("/xapi/agents", ("agent", new JsonObject { ["name"] = "Ada", ["objectType"] = "Agent" }))))
            .ShouldBeProblemAsync(DocumentProblems.AgentParameterInvalid);
        await (await Lrs().GetAsync(Url("/xapi/agents", ("agent", new JsonObject { ["objectType"] = "Group", ["mbox"] = "mailto:t@example.edu" }))))
            .ShouldBeProblemAsync(DocumentProblems.AgentParameterInvalid);
    }

    [Fact]
    public async Task About_names_both_versions_without_credentials_or_a_version_header()
    {
        var about = JsonNode.Parse(await Tool.CreateClient().GetStringAsync("/xapi/about"))!;

        about["version"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("1.0.3", "2.0.0");
        about["extensions"].Should().BeOfType<JsonObject>();
    }

    public static TheoryData<string> GetResources() => new()
    {
        "/xapi/about",
        "/xapi/statements",
        StateUrl("bookmark"),
        Url(State, ("activityId", ScormPackage), ("agent", MoodleLearner("7"))),
        Url(ActivityProfile, ("activityId", ScormPackage), ("profileId", "preferences")),
        Url(AgentProfile, ("agent", MoodleLearner("7")), ("profileId", "preferences")),
        Url("/xapi/activities", ("activityId", ScormPackage)),
        Url("/xapi/agents", ("agent", MoodleLearner("7"))),
        StateUrl("never-stored"),
    };

    [Theory]
    [MemberData(nameof(GetResources))]
    public async Task HEAD_answers_as_GET_does_without_the_body(string url)
    {
        var http = Lrs();
        await http.SendAsync(HttpMethod.Put, StateUrl("bookmark"), Json("""{"page":3}"""));
        await http.SendAsync(HttpMethod.Put, Url(ActivityProfile, ("activityId", ScormPackage), ("profileId", "preferences")), Json("{}"), ifNoneMatch: "*");
        await http.SendAsync(HttpMethod.Put, Url(AgentProfile, ("agent", MoodleLearner("7")), ("profileId", "preferences")), Json("{}"), ifNoneMatch: "*");

        var get = await http.GetAsync(url);
        var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

        head.StatusCode.Should().Be(get.StatusCode);
        (await head.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        (await get.Content.ReadAsByteArrayAsync()).Should().NotBeEmpty();
        head.Content.Headers.ContentType?.MediaType.Should().Be(get.Content.Headers.ContentType?.MediaType);
        head.Headers.ETag.Should().Be(get.Headers.ETag);
        head.Content.Headers.LastModified.Should().Be(get.Content.Headers.LastModified);
    }
}
