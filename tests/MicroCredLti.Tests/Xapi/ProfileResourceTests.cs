using System.Net;
using System.Text.Json.Nodes;
using MicroCredLti.Tests.Infrastructure;
using MicroCredLti.XapiCollector.Documents;
using static MicroCredLti.Tests.Xapi.DocumentRequests;

namespace MicroCredLti.Tests.Xapi;

/// <summary>
/// The Activity Profile and Agent Profile resources (xAPI 1.0.3 Part Three 2.6, 2.7) and the optimistic concurrency
/// that guards them (3.1): a profile is shared by every client, so a change names the version it changes.
/// </summary>
public sealed class ProfileResourceTests : HostTest
{
    public static TheoryData<string> Profiles() => new() { ActivityProfile, AgentProfile };

    private static string ProfileUrl(string resource, string profileId) => resource == ActivityProfile
        ? Url(ActivityProfile, ("activityId", ScormPackage), ("profileId", profileId))
        : Url(AgentProfile, ("agent", MoodleLearner("7")), ("profileId", profileId));

    private HttpClient Lrs(string version = "1.0.3") => Tool.CreateClient().WithLrsHeaders(version: version);

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task A_profile_is_created_with_If_None_Match_star_and_only_once(string resource)
    {
        var http = Lrs();

        var created = await http.SendAsync(HttpMethod.Put, ProfileUrl(resource, "preferences"), Json("""{"theme":"dark"}"""), ifNoneMatch: "*");
        var again = await http.SendAsync(HttpMethod.Put, ProfileUrl(resource, "preferences"), Json("""{"theme":"light"}"""), ifNoneMatch: "*");

        created.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await again.ShouldBeProblemAsync(DocumentProblems.PreconditionFailed);
        var response = await http.GetAsync(ProfileUrl(resource, "preferences"));
        response.Headers.ETag!.Tag.Should().Be(EtagOf("""{"theme":"dark"}"""));
        response.Content.Headers.LastModified.Should().NotBeNull();
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Replacing_a_profile_without_If_Match_is_a_conflict_that_changes_nothing(string resource)
    {
        var http = Lrs();
        await http.SendAsync(HttpMethod.Put, ProfileUrl(resource, "preferences"), Json("""{"theme":"dark"}"""), ifNoneMatch: "*");

        var response = await http.SendAsync(HttpMethod.Put, ProfileUrl(resource, "preferences"), Json("""{"theme":"light"}"""));

        (await response.ShouldBeProblemAsync(DocumentProblems.Conflict))["detail"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        (await http.GetJsonAsync(ProfileUrl(resource, "preferences")))["theme"]!.GetValue<string>().Should().Be("dark");
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task A_stale_If_Match_is_refused_and_the_current_one_is_accepted_for_PUT_POST_and_DELETE(string resource)
    {
        var http = Lrs();
        var url = ProfileUrl(resource, "preferences");
        await http.SendAsync(HttpMethod.Put, url, Json("""{"theme":"dark"}"""), ifNoneMatch: "*");
        var first = EtagOf("""{"theme":"dark"}""");

        (await http.SendAsync(HttpMethod.Put, url, Json("""{"theme":"light"}"""), ifMatch: first)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var second = (await http.GetAsync(url)).Headers.ETag!.Tag;

        await (await http.SendAsync(HttpMethod.Put, url, Json("""{"theme":"blue"}"""), ifMatch: first)).ShouldBeProblemAsync(DocumentProblems.PreconditionFailed);
        await (await http.SendAsync(HttpMethod.Post, url, Json("""{"font":"large"}"""), ifMatch: first)).ShouldBeProblemAsync(DocumentProblems.PreconditionFailed);
        await (await http.SendAsync(HttpMethod.Delete, url, ifMatch: first)).ShouldBeProblemAsync(DocumentProblems.PreconditionFailed);
        JsonNode.DeepEquals(await http.GetJsonAsync(url), JsonNode.Parse("""{"theme":"light"}""")).Should().BeTrue();

        (await http.SendAsync(HttpMethod.Post, url, Json("""{"font":"large"}"""), ifMatch: second)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var third = (await http.GetAsync(url)).Headers.ETag!.Tag;
        (await http.SendAsync(HttpMethod.Delete, url, ifMatch: third)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await http.GetAsync(url)).ShouldBeProblemAsync(DocumentProblems.NotFound);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Under_xAPI_1_0_3_creating_a_profile_with_PUT_needs_a_precondition_but_under_2_0_it_does_not(string resource)
    {
        await (await Lrs("1.0.3").SendAsync(HttpMethod.Put, ProfileUrl(resource, "a"), Json("{}"))).ShouldBeProblemAsync(DocumentProblems.PreconditionRequired);
        (await Lrs("2.0.0").SendAsync(HttpMethod.Put, ProfileUrl(resource, "b"), Json("{}"))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Lrs("1.0.3").SendAsync(HttpMethod.Post, ProfileUrl(resource, "c"), Json("{}"))).StatusCode.Should().Be(HttpStatusCode.NoContent,
            "POST merges, and needs no precondition");
        (await Lrs("1.0.3").DeleteAsync(ProfileUrl(resource, "c"))).StatusCode.Should().Be(HttpStatusCode.NoContent,
            "an unconditional DELETE is allowed (only an unconditional PUT of an existing document is a conflict)");
    }

    [Fact]
    public async Task Without_a_profileId_GET_lists_the_ids_changed_after_since_and_DELETE_is_refused()
    {
        var http = Lrs();
        await http.SendAsync(HttpMethod.Post, ProfileUrl(AgentProfile, "first"), Json("{}"));
        await Task.Delay(50);
        var between = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        await http.SendAsync(HttpMethod.Post, ProfileUrl(AgentProfile, "second"), Json("{}"));

        var all = Url(AgentProfile, ("agent", MoodleLearner("7")));
        (await http.GetIdsAsync(all)).Should().BeEquivalentTo("first", "second");
        (await http.GetIdsAsync(all + "&since=" + Uri.EscapeDataString(between.ToString("O")))).Should().Equal("second");
        await (await http.DeleteAsync(all)).ShouldBeProblemAsync(DocumentProblems.ParameterInvalid);
        (await http.GetIdsAsync(Url(ActivityProfile, ("activityId", ScormPackage)))).Should().BeEmpty("agent and activity profiles are apart");
    }

    [Fact]
    public async Task A_profile_takes_no_registration_and_an_agent_profile_takes_an_identified_group()
    {
        var http = Lrs();
        var team = new JsonObject { ["objectType"] = "Group", ["mbox"] = "mailto:team-7@example.edu" };

        await (await http.SendAsync(HttpMethod.Post, Url(ActivityProfile, ("activityId", ScormPackage), ("profileId", "p"), ("registration", Guid.NewGuid())),
            Json("{}"))).ShouldBeProblemAsync(DocumentProblems.ParameterInvalid);
        (await http.SendAsync(HttpMethod.Post, Url(AgentProfile, ("agent", team), ("profileId", "p")), Json("{}"))).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData(Storage.Sqlite)]
    [InlineData(Storage.PostgreSql)]
    public async Task Concurrent_writers_to_one_profile_lose_no_merge_and_only_one_creates_it(Storage storage)
    {
        await using var database = await TestDatabase.CreateAsync(storage);
        await using var tool = ToolHost.Start(database);
        var http = tool.CreateClient().WithLrsHeaders();
        var url = ProfileUrl(ActivityProfile, "roster");

        var creates = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            http.SendAsync(HttpMethod.Put, url, Json($$"""{"creator":{{i}}}"""), ifNoneMatch: "*")));
        var merges = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            http.SendAsync(HttpMethod.Post, url, Json($$"""{"learner{{i}}":true}"""))));

        creates.Count(r => r.StatusCode == HttpStatusCode.NoContent).Should().Be(1);
        creates.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed).Should().Be(7);
        merges.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.NoContent);
        var profile = await http.GetJsonAsync(url);
        profile.Select(p => p.Key).Should().BeEquivalentTo(Enumerable.Range(0, 12).Select(i => $"learner{i}").Append("creator"));
    }
}
