using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredLti.Tests.Infrastructure;
using MicroCredLti.XapiCollector.Documents;
using static MicroCredLti.Tests.Xapi.DocumentRequests;

namespace MicroCredLti.Tests.Xapi;

/// <summary>
/// The State resource (xAPI 1.0.3 Part Three 2.3): what a content package saves for a learner in an activity, one
/// document per stateId, of any content type, merged when both sides are JSON objects.
/// </summary>
public sealed class StateResourceTests : HostTest
{
    private HttpClient Lrs(string version = "1.0.3") => Tool.CreateClient().WithLrsHeaders(version: version);

    [Fact]
    public async Task A_state_is_served_back_as_stored_with_its_content_type_a_SHA1_etag_and_last_modified()
    {
        var http = Lrs();
        var suspendData = "cmi.suspend_data=page%3D7;score=0.8"u8.ToArray();

        (await http.SendAsync(HttpMethod.Put, StateUrl("suspend"), Bytes(suspendData, "text/plain"))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var response = await http.GetAsync(StateUrl("suspend"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(suspendData);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        response.Headers.ETag!.Tag.Should().Be(EtagOf(Encoding.UTF8.GetString(suspendData)));
        response.Content.Headers.LastModified.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        response.Headers.GetValues("X-Experience-API-Version").Should().Equal("1.0.3");
        (await http.SendAsync(HttpMethod.Get, StateUrl("suspend"), ifNoneMatch: response.Headers.ETag.Tag)).StatusCode
            .Should().Be(HttpStatusCode.NotModified, "a client that holds the current version need not fetch it again");
    }

    [Fact]
    public async Task Posting_a_JSON_object_merges_its_top_level_properties_into_the_stored_one()
    {
        var http = Lrs();
        await http.SendAsync(HttpMethod.Post, StateUrl("progress"), Json("""{"page":3,"bookmarks":{"ch1":2},"lang":"en"}"""));

        var merge = await http.SendAsync(HttpMethod.Post, StateUrl("progress"), Json("""{"page":4,"bookmarks":{"ch2":9}}"""));

        merge.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var merged = await http.GetJsonAsync(StateUrl("progress"));
        JsonNode.DeepEquals(merged, JsonNode.Parse("""{"page":4,"bookmarks":{"ch2":9},"lang":"en"}""")).Should().BeTrue(merged.ToJsonString());
    }

    [Fact]
    public async Task Merging_where_either_side_is_not_a_JSON_object_is_refused_and_changes_nothing()
    {
        var http = Lrs();
        await http.SendAsync(HttpMethod.Put, StateUrl("binary"), Bytes([1, 2, 3], "application/octet-stream"));
        await http.SendAsync(HttpMethod.Put, StateUrl("json"), Json("""{"page":3}"""));

        await (await http.SendAsync(HttpMethod.Post, StateUrl("binary"), Json("""{"page":4}"""))).ShouldBeProblemAsync(DocumentProblems.NotMergeable);
        await (await http.SendAsync(HttpMethod.Post, StateUrl("json"), Bytes("page=4"u8.ToArray(), "text/plain")))
            .ShouldBeProblemAsync(DocumentProblems.NotMergeable);
        await (await http.SendAsync(HttpMethod.Post, StateUrl("json"), Json("""{"page":"""))).ShouldBeProblemAsync(DocumentProblems.BodyInvalid);

        (await (await http.GetAsync(StateUrl("binary"))).Content.ReadAsByteArrayAsync()).Should().Equal(1, 2, 3);
        (await http.GetJsonAsync(StateUrl("json")))["page"]!.GetValue<int>().Should().Be(3);
    }

    [Fact]
    public async Task The_agent_is_matched_by_its_identifier_not_by_the_name_it_is_sent_with()
    {
        var http = Lrs();
        await http.SendAsync(HttpMethod.Put, StateUrl("bookmark", MoodleLearner("7", "Ada Lovelace")), Json("""{"page":3}"""));

        (await http.GetJsonAsync(StateUrl("bookmark", MoodleLearner("7"))))["page"]!.GetValue<int>().Should().Be(3);
        (await http.GetAsync(StateUrl("bookmark", MoodleLearner("8")))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Each_registration_has_its_own_states_and_a_state_that_is_not_stored_is_not_found()
    {
        var http = Lrs();
        var attempt = Guid.NewGuid();
        await http.SendAsync(HttpMethod.Put, StateUrl("bookmark", registration: attempt), Json("""{"page":3}"""));

        (await http.GetJsonAsync(StateUrl("bookmark", registration: attempt)))["page"]!.GetValue<int>().Should().Be(3);
        await (await http.GetAsync(StateUrl("bookmark"))).ShouldBeProblemAsync(DocumentProblems.NotFound);
        await (await http.GetAsync(StateUrl("bookmark", registration: Guid.NewGuid()))).ShouldBeProblemAsync(DocumentProblems.NotFound);
    }

    [Fact]
    public async Task Without_a_stateId_GET_lists_the_ids_changed_after_since()
    {
        var http = Lrs();
        await http.SendAsync(HttpMethod.Put, StateUrl("first"), Json("{}"));
        await Task.Delay(50);
        var between = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        await http.SendAsync(HttpMethod.Put, StateUrl("second"), Json("{}"));
        await http.SendAsync(HttpMethod.Put, StateUrl("another learner's", MoodleLearner("8")), Json("{}"));

        var all = Url(State, ("activityId", ScormPackage), ("agent", MoodleLearner("7")));
        (await http.GetIdsAsync(all)).Should().BeEquivalentTo("first", "second");
        (await http.GetIdsAsync(all + "&since=" + Uri.EscapeDataString(between.ToString("O")))).Should().Equal("second");
    }

    [Fact]
    public async Task Without_a_stateId_DELETE_removes_the_learners_states_of_the_activity_in_every_registration()
    {
        var http = Lrs();
        var attempt = Guid.NewGuid();
        await http.SendAsync(HttpMethod.Put, StateUrl("bookmark"), Json("{}"));
        await http.SendAsync(HttpMethod.Put, StateUrl("bookmark", registration: attempt), Json("{}"));
        await http.SendAsync(HttpMethod.Put, StateUrl("bookmark", MoodleLearner("8")), Json("{}"));
        await http.SendAsync(HttpMethod.Put, StateUrl("bookmark", activityId: "https://moodle.example.edu/mod/scorm/view.php?id=8"), Json("{}"));

        var response = await http.DeleteAsync(Url(State, ("activityId", ScormPackage), ("agent", MoodleLearner("7"))));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await http.GetIdsAsync(Url(State, ("activityId", ScormPackage), ("agent", MoodleLearner("7"))))).Should().BeEmpty();
        (await http.GetAsync(StateUrl("bookmark", MoodleLearner("8")))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync(StateUrl("bookmark", activityId: "https://moodle.example.edu/mod/scorm/view.php?id=8"))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Under_xAPI_1_0_3_a_PUT_replaces_a_state_but_under_2_0_it_must_name_the_version_it_replaces()
    {
        await Lrs().SendAsync(HttpMethod.Put, StateUrl("bookmark"), Json("""{"page":3}"""));
        (await Lrs("1.0.3").SendAsync(HttpMethod.Put, StateUrl("bookmark"), Json("""{"page":4}"""))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var v2 = Lrs("2.0.0");
        await (await v2.SendAsync(HttpMethod.Put, StateUrl("bookmark"), Json("""{"page":5}"""))).ShouldBeProblemAsync(DocumentProblems.Conflict);
        var replaced = await v2.SendAsync(HttpMethod.Put, StateUrl("bookmark"), Json("""{"page":5}"""), ifMatch: EtagOf("""{"page":4}"""));

        replaced.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await v2.GetJsonAsync(StateUrl("bookmark")))["page"]!.GetValue<int>().Should().Be(5);
        (await v2.SendAsync(HttpMethod.Put, StateUrl("new"), Json("{}"))).StatusCode.Should().Be(HttpStatusCode.NoContent, "a new state needs no precondition");
    }

    public static TheoryData<string, string> BadParameters() => new()
    {
        { Url(State, ("agent", MoodleLearner("7")), ("stateId", "s")), "xapi.activity_parameter_invalid" },
        { Url(State, ("activityId", "not an IRI"), ("agent", MoodleLearner("7")), ("stateId", "s")), "xapi.activity_parameter_invalid" },
        { Url(State, ("activityId", ScormPackage), ("stateId", "s")), "xapi.agent_parameter_invalid" },
        { Url(State, ("activityId", ScormPackage), ("agent", "not JSON"), ("stateId", "s")), "xapi.agent_parameter_invalid" },
        { Url(State, ("activityId", ScormPackage), ("agent", new JsonObject { ["name"] = "Ada" }), ("stateId", "s")), "xapi.agent_parameter_invalid" },
        { Url(State, ("activityId", ScormPackage), ("agent", new JsonObject { ["mbox"] = "ada@example.edu" }), ("stateId", "s")), "xapi.agent_parameter_invalid" },
        { Url(State, ("activityId", ScormPackage), ("agent", MoodleLearner("7")), ("registration", "attempt-1"), ("stateId", "s")), "xapi.document_parameter_invalid" },
        { Url(State, ("activityId", ScormPackage), ("agent", MoodleLearner("7")), ("stateId", "s"), ("profileId", "p")), "xapi.document_parameter_invalid" },
        { Url(State, ("activityId", ScormPackage), ("agent", MoodleLearner("7"))) + "&stateId=a&stateId=b", "xapi.document_parameter_invalid" },
    };

    [Theory]
    [MemberData(nameof(BadParameters))]
    public async Task A_write_with_a_missing_or_malformed_parameter_is_refused(string url, string code)
    {
        var response = await Lrs().SendAsync(HttpMethod.Put, url, Json("{}"));

        ((int)response.StatusCode).Should().Be(400);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>().Should().Be(code);
    }

    [Fact]
    public async Task Listing_takes_since_only_as_a_timestamp_and_writes_need_a_stateId()
    {
        var http = Lrs();
        var set = Url(State, ("activityId", ScormPackage), ("agent", MoodleLearner("7")));

        await (await http.GetAsync(set + "&since=yesterday")).ShouldBeProblemAsync(DocumentProblems.ParameterInvalid);
        await (await http.SendAsync(HttpMethod.Put, set, Json("{}"))).ShouldBeProblemAsync(DocumentProblems.ParameterInvalid);
        await (await http.SendAsync(HttpMethod.Post, set, Json("{}"))).ShouldBeProblemAsync(DocumentProblems.ParameterInvalid);
        await (await http.SendAsync(HttpMethod.Delete, set + "&since=2026-01-01T00:00:00Z")).ShouldBeProblemAsync(DocumentProblems.ParameterInvalid);
    }

    [Fact]
    public async Task The_State_resource_needs_LRS_credentials_and_the_xAPI_version_header()
    {
        (await Tool.CreateClient().GetAsync(StateUrl("bookmark"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var noVersion = Tool.CreateClient().WithLrsHeaders(version: null);
        await (await noVersion.GetAsync(StateUrl("bookmark"))).ShouldBeProblemAsync(MicroCredLti.XapiCollector.XapiProblems.VersionMissing);
    }
}
