using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredLti.Tests.Infrastructure;
using MicroCredLti.XapiCollector;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace MicroCredLti.Tests.Xapi;

/// <summary>
/// What a GET or HEAD of the Statement Resource answers besides which statements: their format, the headers, paging, and
/// the parameters it refuses (xAPI 1.0.3 Part Three 1.1, 2.1.3, 3.2).
/// </summary>
public sealed class StatementRetrievalTests : HostTest
{
    private const string Moodle = "https://moodle.example.edu";

    [Fact]
    public async Task Format_ids_keeps_only_what_identifies_agents_groups_activities_and_verbs()
    {
        var lrs = new LrsClient(Tool.CreateClient());
        var graded = Fixtures.Statement(Fixtures.MoodleAssignmentGraded).By(Moodle, "7");
        graded["actor"]!["name"] = "Ada Lovelace";
        graded["context"]!["team"] = new JsonObject
        {
            ["objectType"] = "Group", ["name"] = "Study group",
            ["member"] = new JsonArray(new JsonObject { ["name"] = "Peer", ["mbox"] = "mailto:peer@example.edu" }),
        };
        (await lrs.PostAsync(graded)).StatusCode.Should().Be(HttpStatusCode.OK);

        var statement = (await lrs.StatementsAsync("?format=ids"))[0]!;

        statement["actor"]!.ToJsonString().Should().Be($$$"""{"objectType":"Agent","account":{"homePage":"{{{Moodle}}}","name":"7"}}""");
        statement["verb"]!.ToJsonString().Should().Be("""{"id":"https://w3id.org/xapi/tla/verbs/scored"}""");
        statement["object"]!.ToJsonString().Should().Be("""{"id":"http://www.example.org/mod/assign/view.php?id=1#submission"}""");
        statement["context"]!["contextActivities"]!["parent"]![2]!.ToJsonString().Should().Be("""{"id":"http://www.example.org/course/view.php?id=2"}""");
        statement["context"]!["team"]!.ToJsonString().Should().Be("""{"objectType":"Group","member":[{"mbox":"mailto:peer@example.edu"}]}""");
        statement["context"]!["instructor"]!.AsObject().Select(p => p.Key).Should().Equal("account");
    }

    [Fact]
    public async Task Format_canonical_keeps_the_language_Accept_Language_prefers_in_each_map_and_exact_keeps_all()
    {
        var http = Tool.CreateClient();
        var lrs = new LrsClient(http);
        var statement = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7");
        statement["verb"]!["display"] = new JsonObject { ["en-US"] = "completed", ["fr"] = "a terminé", ["de"] = "abgeschlossen" };
        statement["object"]!["definition"]!["name"] = new JsonObject { ["en"] = "Statistics", ["fr-CA"] = "Statistique" };
        statement["object"]!["definition"]!["description"] = new JsonObject { ["es"] = "Curso", ["it"] = "Corso" };
        (await lrs.PostAsync(statement)).StatusCode.Should().Be(HttpStatusCode.OK);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/xapi/statements?statementId={statement["id"]}&format=canonical");
        request.Headers.AcceptLanguage.ParseAdd("fr-CA, fr;q=0.8, en;q=0.5");
        var canonical = JsonNode.Parse(await (await http.SendAsync(request)).Content.ReadAsStringAsync())!;

        canonical["verb"]!["display"]!.AsObject().Select(p => p.Key).Should().Equal("fr");
        canonical["object"]!["definition"]!["name"]!.AsObject().Select(p => p.Key).Should().Equal("fr-CA");
        canonical["object"]!["definition"]!["description"]!.AsObject().Should().ContainSingle("one language, even when none is acceptable");
        canonical["actor"]!.ToJsonString().Should().Be(statement["actor"]!.ToJsonString(), "agents stay as they were sent");
        var exact = JsonNode.Parse(await http.GetStringAsync($"/xapi/statements?statementId={statement["id"]}&format=exact"))!;
        exact["verb"]!["display"]!.AsObject().Should().HaveCount(3);
    }

    [Fact]
    public async Task A_page_is_limited_and_carries_the_newest_stored_time_as_Last_Modified()
    {
        var http = Tool.CreateClient();
        var lrs = new LrsClient(http);
        foreach (var learner in new[] { "1", "2", "3" })
            (await lrs.PostAsync(Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, learner))).StatusCode.Should().Be(HttpStatusCode.OK);

        var response = await http.GetAsync("/xapi/statements?limit=2");
        var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        page["statements"]!.AsArray().Should().HaveCount(2);
        page["more"]!.GetValue<string>().Should().StartWith("/xapi/statements?limit=2&from=");
        var newest = DateTimeOffset.Parse(page["statements"]![0]!["stored"]!.GetValue<string>());
        response.Content.Headers.LastModified.Should().Be(new DateTimeOffset(newest.Ticks - newest.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero));
        (await lrs.StatementsAsync("?limit=0")).Should().HaveCount(3, "limit 0 is as many as the LRS allows");
    }

    [Fact]
    public async Task HEAD_answers_as_GET_does_without_the_body()
    {
        var http = Tool.CreateClient();
        var lrs = new LrsClient(http);
        var statement = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7");
        (await lrs.PostAsync(statement)).StatusCode.Should().Be(HttpStatusCode.OK);

        var get = await http.GetAsync($"/xapi/statements?statementId={statement["id"]}");
        var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/xapi/statements?statementId={statement["id"]}"));

        head.StatusCode.Should().Be(HttpStatusCode.OK);
        (await head.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        head.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        head.Content.Headers.LastModified.Should().NotBeNull().And.Be(get.Content.Headers.LastModified);
        head.Headers.GetValues("X-Experience-API-Version").Should().Equal("1.0.3");
        head.Headers.Should().ContainKey("X-Experience-API-Consistent-Through");
        (await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/xapi/statements?statementId={Guid.NewGuid()}")))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("?foo=bar")]
    [InlineData("?Verb=http%3A%2F%2Fadlnet.gov%2Fexpapi%2Fverbs%2Fcompleted")]
    [InlineData("?statementid=2a7d4a2a-0d38-4a8f-9d1d-8b9c1f0e7a11")]
    public async Task A_parameter_the_resource_does_not_take_is_refused_even_in_another_case(string query)
    {
        var response = await Tool.CreateClient().WithLrsHeaders().GetAsync("/xapi/statements" + query);

        await response.ShouldBeProblemAsync(XapiProblems.ParameterUnknown);
        response.Headers.Should().ContainKey("X-Experience-API-Consistent-Through", "every answer of the Statement Resource carries it");
    }

    [Fact]
    public async Task A_parameter_given_twice_is_refused()
    {
        var response = await Tool.CreateClient().WithLrsHeaders().GetAsync("/xapi/statements?limit=1&limit=2");

        await response.ShouldBeProblemAsync(XapiProblems.ParameterRepeated);
    }

    [Theory]
    [InlineData("?statementId=2a7d4a2a-0d38-4a8f-9d1d-8b9c1f0e7a11&voidedStatementId=2a7d4a2a-0d38-4a8f-9d1d-8b9c1f0e7a11")]
    [InlineData("?statementId=2a7d4a2a-0d38-4a8f-9d1d-8b9c1f0e7a11&limit=1")]
    [InlineData("?voidedStatementId=2a7d4a2a-0d38-4a8f-9d1d-8b9c1f0e7a11&ascending=true")]
    public async Task A_statement_id_combined_with_anything_but_format_and_attachments_is_refused(string query)
    {
        var response = await Tool.CreateClient().WithLrsHeaders().GetAsync("/xapi/statements" + query);

        await response.ShouldBeProblemAsync(XapiProblems.ParametersConflict);
    }

    [Theory]
    [InlineData("?since=yesterday")]
    [InlineData("?until=2026-11-25")]
    [InlineData("?since=2026-11-25T09:00:00")]
    [InlineData("?limit=-1")]
    [InlineData("?limit=ten")]
    [InlineData("?format=full")]
    [InlineData("?ascending=TRUE")]
    [InlineData("?related_agents=1")]
    [InlineData("?registration=not-a-uuid")]
    [InlineData("?verb=completed")]
    [InlineData("?agent=%7B%22name%22%3A%22Ada%22%7D")]
    [InlineData("?agent=%7B%22objectType%22%3A%22Group%22%2C%22member%22%3A%5B%5D%7D")]
    [InlineData("?statementId=42")]
    public async Task A_parameter_value_of_the_wrong_form_is_refused(string query)
    {
        var response = await Tool.CreateClient().WithLrsHeaders().GetAsync("/xapi/statements" + query);

        await response.ShouldBeProblemAsync(XapiProblems.ParameterInvalid);
    }

    [Fact]
    public async Task Attachments_true_answers_multipart_with_each_attachment_the_LRS_holds_once()
    {
        var http = Tool.CreateClient().WithLrsHeaders();
        var certificate = Encoding.UTF8.GetBytes("Certificate of completion: Ada, Graduate Statistics I");
        var first = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7").WithAttachments(StatementParts.AttachmentFor(certificate));
        var second = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "8").WithAttachments(StatementParts.AttachmentFor(certificate));
        var linked = StatementParts.AttachmentFor(Encoding.UTF8.GetBytes("kept elsewhere"));
        linked["fileUrl"] = "https://moodle.example.edu/certificates/9.pdf";
        var third = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "9").WithAttachments(linked);
        (await http.PostAsync("/xapi/statements", StatementParts.Multipart(StatementParts.Batch(first, second, third),
            StatementParts.Part.Text("Certificate of completion: Ada, Graduate Statistics I")))).StatusCode.Should().Be(HttpStatusCode.OK);

        var parts = await PartsAsync(await http.GetAsync("/xapi/statements?attachments=true"));

        JsonNode.Parse(parts[0].Body)!["statements"]!.AsArray().Should().HaveCount(3);
        parts.Should().HaveCount(2, "the certificate once, however many statements carry it; nothing for a fileUrl");
        parts[1].Headers["X-Experience-API-Hash"].ToString().Should().Be(StatementParts.Sha256(certificate));
        parts[1].Headers["Content-Transfer-Encoding"].ToString().Should().Be("binary");
        parts[1].Body.Should().Be("Certificate of completion: Ada, Graduate Statistics I");
        var single = await PartsAsync(await http.GetAsync($"/xapi/statements?statementId={first["id"]}&attachments=true"));
        JsonNode.Parse(single[0].Body)!["id"]!.GetValue<string>().Should().Be(first["id"]!.GetValue<string>());
        var none = await http.GetAsync($"/xapi/statements?statementId={first["id"]}&attachments=false");
        none.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
    }

    private static async Task<List<(Dictionary<string, StringValues> Headers, string Body)>> PartsAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var type = response.Content.Headers.ContentType!;
        type.MediaType.Should().Be("multipart/mixed");
        var reader = new MultipartReader(type.Parameters.Single(p => p.Name == "boundary").Value!, await response.Content.ReadAsStreamAsync());
        var parts = new List<(Dictionary<string, StringValues>, string)>();
        while (await reader.ReadNextSectionAsync() is { } section)
            parts.Add((section.Headers!, await new StreamReader(section.Body).ReadToEndAsync()));
        return parts;
    }

    [Fact]
    public async Task A_refused_client_is_told_the_xAPI_version_too()
    {
        var response = await new LrsClient(Tool.CreateClient(), secret: "not-the-secret-at-all").GetAsync();

        await response.ShouldBeProblemAsync(XapiProblems.CredentialsRequired);
        response.Headers.GetValues("X-Experience-API-Version").Should().Equal("1.0.3");
    }
}
