using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredLti.Tests.Infrastructure;
using MicroCredLti.XapiCollector;

namespace MicroCredLti.Tests.Xapi;

/// <summary>
/// How the LRS speaks HTTP whatever the resource: version negotiation (xAPI 1.0.3 Part Three 3.3, IEEE 9274.1.1), the
/// alternate request syntax of 1.0.3 (1.3) that 2.0 removed, and CORS for content running in a browser.
/// </summary>
public sealed class XapiProtocolTests : HostTest
{
    private const string Moodle = "https://moodle.example.edu";

    [Theory]
    [InlineData("1.0", "1.0.3")]
    [InlineData("1.0.0", "1.0.3")]
    [InlineData("1.0.1", "1.0.3")]
    [InlineData("1.0.3", "1.0.3")]
    [InlineData("2.0", "2.0.0")]
    [InlineData("2.0.0", "2.0.0")]
    public async Task The_LRS_answers_in_the_version_asked_for(string asked, string answered)
    {
        var response = await new LrsClient(Tool.CreateClient(), version: asked).GetAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("X-Experience-API-Version").Should().Equal(answered);
    }

    [Theory]
    [InlineData("1.0garbage")]
    [InlineData("1.0.3.1")]
    [InlineData("1.1.0")]
    [InlineData("0.95")]
    [InlineData("3.0.0")]
    [InlineData("1.0.x")]
    public async Task A_malformed_or_unsupported_version_is_refused(string asked)
    {
        var http = Tool.CreateClient().WithLrsHeaders(version: null);
        http.DefaultRequestHeaders.TryAddWithoutValidation("X-Experience-API-Version", asked);

        var response = await http.GetAsync("/xapi/statements");

        await response.ShouldBeProblemAsync(XapiProblems.VersionUnsupported);
        response.Headers.GetValues("X-Experience-API-Version").Should().Equal("1.0.3");
    }

    [Fact]
    public async Task A_GET_in_the_alternate_syntax_is_answered_as_the_GET_it_stands_for()
    {
        var lrs = new LrsClient(Tool.CreateClient());
        var statement = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7");
        (await lrs.PostAsync(statement)).StatusCode.Should().Be(HttpStatusCode.OK);
        var form = new Dictionary<string, string>
        {
            ["Authorization"] = Basic(ToolHost.LrsKey, ToolHost.LrsSecret),
            ["X-Experience-API-Version"] = "1.0.3",
            ["agent"] = new JsonObject { ["account"] = new JsonObject { ["homePage"] = Moodle, ["name"] = "7" } }.ToJsonString(),
            ["limit"] = "1",
        };

        // No headers at all, as an old browser's cross-domain request sends.
        var response = await Tool.CreateClient().PostAsync("/xapi/statements?method=GET", new FormUrlEncodedContent(form));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var result = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        result["statements"]![0]!["id"]!.GetValue<string>().Should().Be(statement["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_PUT_in_the_alternate_syntax_stores_its_content()
    {
        var http = Tool.CreateClient();
        var id = Guid.NewGuid();
        var statement = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7");
        statement.Remove("id");
        var form = new Dictionary<string, string>
        {
            ["Authorization"] = Basic(ToolHost.LrsKey, ToolHost.LrsSecret),
            ["X-Experience-API-Version"] = "1.0.3",
            ["Content-Type"] = "application/json",
            ["statementId"] = id.ToString(),
            ["content"] = statement.ToJsonString(),
        };

        var response = await http.PostAsync("/xapi/statements?method=PUT", new FormUrlEncodedContent(form));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await new LrsClient(Tool.CreateClient()).IdsAsync()).Should().Equal(id.ToString());
    }

    [Theory]
    [InlineData("/xapi/statements?method=PUT&statementId=2a7d4a2a-0d38-4a8f-9d1d-8b9c1f0e7a11", "POST", "application/x-www-form-urlencoded")]
    [InlineData("/xapi/statements?method=PUT", "PUT", "application/x-www-form-urlencoded")]
    [InlineData("/xapi/statements?method=PUT", "POST", "application/json")]
    [InlineData("/xapi/statements?method=PATCH", "POST", "application/x-www-form-urlencoded")]
    public async Task An_alternate_request_that_breaks_the_syntax_is_refused_and_stores_nothing(string url, string method, string contentType)
    {
        var statement = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7");
        var body = $"statementId={statement["id"]}&content={Uri.EscapeDataString(statement.ToJsonString())}";
        var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(body, Encoding.UTF8, contentType) };

        var response = await Tool.CreateClient().WithLrsHeaders().SendAsync(request);

        await response.ShouldBeProblemAsync(XapiProblems.AlternateRequestInvalid);
        (await new LrsClient(Tool.CreateClient()).StatementsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task xAPI_2_has_no_alternate_syntax()
    {
        var form = new Dictionary<string, string> { ["limit"] = "1" };

        var response = await Tool.CreateClient().WithLrsHeaders(version: "2.0.0")
            .PostAsync("/xapi/statements?method=GET", new FormUrlEncodedContent(form));

        await response.ShouldBeProblemAsync(XapiProblems.AlternateRequestRemoved);
        response.Headers.GetValues("X-Experience-API-Version").Should().Equal("2.0.0");
    }

    [Fact]
    public async Task Browser_content_from_another_origin_may_call_the_LRS_and_read_its_xAPI_headers()
    {
        var http = Tool.CreateClient();
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/xapi/statements");
        preflight.Headers.Add("Origin", "https://content.example.org");
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-experience-api-version");

        var allowed = await http.SendAsync(preflight);

        allowed.IsSuccessStatusCode.Should().BeTrue();
        allowed.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("*");
        allowed.Headers.GetValues("Access-Control-Allow-Methods").Should().Contain("PUT");
        allowed.Headers.GetValues("Access-Control-Allow-Headers").Single().Should().Contain("x-experience-api-version");

        var get = new HttpRequestMessage(HttpMethod.Get, "/xapi/statements");
        get.Headers.Add("Origin", "https://content.example.org");
        var response = await http.WithLrsHeaders().SendAsync(get);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("*");
        response.Headers.GetValues("Access-Control-Expose-Headers").Single().Split(',')
            .Should().Contain(["X-Experience-API-Version", "X-Experience-API-Consistent-Through"]);
    }

    private static string Basic(string key, string secret) =>
        new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key}:{secret}"))).ToString();
}
