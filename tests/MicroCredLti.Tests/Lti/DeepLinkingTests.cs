using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MicroCredLti.LtiTool;
using MicroCredLti.Tests.Infrastructure;

namespace MicroCredLti.Tests.Lti;

/// <summary>
/// An instructor adding MicroCred to a course picks what the placement is, and the platform gets a signed
/// LtiDeepLinkingResponse of ltiResourceLink items with their custom parameters and line items, verified here with
/// jose (npm), not with the code that signed it.
/// </summary>
public sealed partial class DeepLinkingTests : IAsyncLifetime
{
    private const string Lti = "https://purl.imsglobal.org/spec/lti/claim/";
    private const string Dl = "https://purl.imsglobal.org/spec/lti-dl/claim/";
    private static readonly LmsUser Instructor = new("7", "Grace Hopper", "grace@example.edu", [LmsUser.Instructor]);
    private static readonly LmsUser Student = new("42", "Ada Lovelace", "ada@example.edu", [LmsUser.Learner]);
    private static readonly ResourceLink Course = new("ignored", "ignored", "101", "SC1x Supply Chain Fundamentals");

    private ProgramScenario scenario = null!;
    private ToolHost tool = null!;

    public async Task InitializeAsync()
    {
        scenario = await ProgramScenario.CreateAsync(Storage.Sqlite);
        tool = scenario.StartTool();
    }

    public async Task DisposeAsync()
    {
        await tool.DisposeAsync();
        await scenario.DisposeAsync();
    }

    private PlatformEmulator Platform => scenario.Platform;
    private string ReturnUrl => $"{Platform.BaseUrl}/mod/lti/contentitem_return.php?course=101";

    [Fact]
    public async Task An_instructor_picks_placements_and_the_platform_gets_a_signed_response_that_jose_verifies()
    {
        RequestDeepLinking(acceptMultiple: true);
        var picker = await LaunchAsync(Instructor);
        var html = await picker.Content.ReadAsStringAsync();
        picker.StatusCode.Should().Be(HttpStatusCode.OK, html);
        var choices = ItemValues().Matches(html).Select(m => m.Groups[1].Value).ToList();
        choices.Should().Contain($"program:{TestPrograms.Slug}").And.HaveCountGreaterThan(2, "the program's progress page and each requirement");

        var response = await RespondAsync(Context(html), choices[0], choices[1]);

        var returned = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, returned);
        WebUtility.HtmlDecode(FormAction().Match(returned).Groups[1].Value).Should().Be(ReturnUrl);
        var jwt = WebUtility.HtmlDecode(JwtField().Match(returned).Groups[1].Value);
        var verified = await VerifyAsync(jwt);
        verified["valid"]!.GetValue<bool>().Should().BeTrue(verified.ToJsonString());
        var payload = verified["payload"]!;
        payload[Lti + "message_type"]!.GetValue<string>().Should().Be("LtiDeepLinkingResponse");
        payload[Lti + "version"]!.GetValue<string>().Should().Be("1.3.0");
        payload[Lti + "deployment_id"]!.GetValue<string>().Should().Be(Platform.DeploymentId);
        payload[Dl + "data"]!.GetValue<string>().Should().Be("opaque-platform-data", "the request's data comes back unchanged");
        var items = payload[Dl + "content_items"]!.AsArray();
        items.Should().HaveCount(2);
        items.Should().OnlyContain(i => i!["type"]!.GetValue<string>() == "ltiResourceLink" && i["url"]!.GetValue<string>() == "https://localhost/lti/launch");
        items[0]!["custom"]!["microcred_program"]!.GetValue<string>().Should().Be(TestPrograms.Slug);
        items[1]!["custom"]!["microcred_requirement"].Should().NotBeNull();
        items[0]!["lineItem"]!["scoreMaximum"]!.GetValue<double>().Should().Be(100);
        verified["header"]!["kid"].Should().NotBeNull();

        var tampered = await VerifyAsync(jwt[..^4] + (jwt[^4] == 'A' ? "B" : "A") + jwt[^3..]);
        tampered["valid"]!.GetValue<bool>().Should().BeFalse("a changed signature must not verify");
    }

    [Fact]
    public async Task A_platform_that_takes_one_item_gets_one()
    {
        RequestDeepLinking(acceptMultiple: false);
        var html = await (await LaunchAsync(Instructor)).Content.ReadAsStringAsync();
        var choices = ItemValues().Matches(html).Select(m => m.Groups[1].Value).ToList();
        html.Should().Contain("type=\"radio\"");

        await (await RespondAsync(Context(html), choices[0], choices[1])).ShouldBeProblemAsync(LtiProblems.DeepLinkingChoiceInvalid);
        (await RespondAsync(Context(html), choices[0])).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_learner_cannot_add_placements_and_a_forged_choice_is_refused()
    {
        RequestDeepLinking(acceptMultiple: true);
        await (await LaunchAsync(Student)).ShouldBeProblemAsync(LtiProblems.DeepLinkingStaffOnly);

        await (await RespondAsync("forged-context", $"program:{TestPrograms.Slug}")).ShouldBeProblemAsync(LtiProblems.DeepLinkingExpired);
    }

    [Fact]
    public async Task A_deep_linking_request_that_takes_no_resource_links_is_refused()
    {
        RequestDeepLinking(acceptMultiple: true, acceptTypes: ["file", "html"]);

        await (await LaunchAsync(Instructor)).ShouldBeProblemAsync(LtiProblems.DeepLinkingSettingsMissing);
    }

    private void RequestDeepLinking(bool acceptMultiple, string[]? acceptTypes = null) => Platform.AlterClaims = claims =>
    {
        claims[Lti + "message_type"] = "LtiDeepLinkingRequest";
        claims.Remove(Lti + "resource_link");
        claims[Dl + "deep_linking_settings"] = new Dictionary<string, object>
        {
            ["deep_link_return_url"] = ReturnUrl,
            ["accept_types"] = acceptTypes ?? ["ltiResourceLink"],
            ["accept_presentation_document_targets"] = new[] { "iframe", "window" },
            ["accept_multiple"] = acceptMultiple,
            ["auto_create"] = false,
            ["data"] = "opaque-platform-data",
        };
    };

    private Task<HttpResponseMessage> LaunchAsync(LmsUser user) => new LtiBrowser(tool.CreateBrowser()).LaunchAsync(Platform, user, Course);

    private Task<HttpResponseMessage> RespondAsync(string context, params string[] items) =>
        tool.CreateBrowser().PostAsync("/lti/deep-linking", new FormUrlEncodedContent(
            [new("context", context), .. items.Select(i => new KeyValuePair<string, string>("item", i))]));

    private async Task<JsonObject> VerifyAsync(string jwt)
    {
        var directory = Directory.CreateTempSubdirectory("microcred-dl-");
        try
        {
            var jwks = Path.Combine(directory.FullName, "jwks.json");
            var token = Path.Combine(directory.FullName, "token.jwt");
            await File.WriteAllTextAsync(jwks, await tool.CreateBrowser().GetStringAsync("/lti/jwks"));
            await File.WriteAllTextAsync(token, jwt);
            return await NodeScripts.RunAsync("verify-jwt.mjs", jwks, token, Platform.ClientId, Platform.Issuer);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Context(string html) => WebUtility.HtmlDecode(ContextField().Match(html).Groups[1].Value);

    [GeneratedRegex("name=\"item\" value=\"([^\"]+)\"")]
    private static partial Regex ItemValues();

    [GeneratedRegex("name=\"context\" value=\"([^\"]+)\"")]
    private static partial Regex ContextField();

    [GeneratedRegex("<form[^>]*action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("name=\"JWT\" value=\"([^\"]+)\"")]
    private static partial Regex JwtField();
}
