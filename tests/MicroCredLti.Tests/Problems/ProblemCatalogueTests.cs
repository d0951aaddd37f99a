using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MicroCredLti.LtiTool;
using MicroCredLti.ServiceDefaults.Problems;
using MicroCredLti.Tests.Infrastructure;
using MicroCredLti.XapiCollector;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace MicroCredLti.Tests.Problems;

/// <summary>
/// Every refusal is an RFC 9457 problem of a catalogued type: a stable code and type URI that clients can rely on,
/// a human title, and a log line with the problem's event id, so an admin can find out why something was refused.
/// </summary>
public sealed partial class ProblemCatalogueTests : IAsyncLifetime
{
    private static readonly LmsUser Learner = new("42", "Ada Lovelace", "ada@example.edu", [LmsUser.Learner]);
    private static readonly ResourceLink Unit1 = new("7", "Unit 1", "101", "SC1x");

    private PlatformEmulator platform = null!;
    private TestDatabase database = null!;
    private ToolHost tool = null!;

    public async Task InitializeAsync()
    {
        platform = await PlatformEmulator.StartMoodleAsync();
        database = await TestDatabase.CreateAsync(Storage.Sqlite);
        tool = ToolHost.Start(database, platform.Registration(), services => services.AddFakeLogging());
    }

    public async Task DisposeAsync()
    {
        await tool.DisposeAsync();
        await database.DisposeAsync();
        await platform.DisposeAsync();
    }

    [Fact]
    public async Task The_catalogue_lists_every_problem_with_a_unique_code_and_event_id()
    {
        var catalogue = JsonNode.Parse(await tool.CreateClient().GetStringAsync("/problems"))!.AsArray().Select(p => p!.AsObject()).ToList();

        var codes = catalogue.Select(p => p["code"]!.GetValue<string>()).ToList();
        codes.Should().Contain([LtiProblems.KidUnknown.Code, XapiProblems.StatementConflict.Code, CommonProblems.UpstreamTimeout.Code]);
        codes.Should().OnlyHaveUniqueItems().And.AllSatisfy(code => CodePattern().IsMatch(code).Should().BeTrue(code));
        catalogue.Select(p => p["eventId"]!.GetValue<int>()).Should().OnlyHaveUniqueItems();
        catalogue.Should().AllSatisfy(p => p["type"]!.GetValue<string>().Should().Be(ProblemType.TypePrefix + p["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_refused_statement_is_logged_with_its_problem_event_id()
    {
        var statement = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(platform.Issuer, "7");
        statement["verb"]!["id"] = "completed";

        await (await new LrsClient(tool.CreateClient()).PostAsync(statement)).ShouldBeProblemAsync(XapiProblems.StatementInvalid);

        var logged = tool.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == "MicroCredLti.Problems").ToList();
        logged.Should().ContainSingle(r => r.Id.Id == XapiProblems.StatementInvalid.EventId && r.Id.Name == XapiProblems.StatementInvalid.Code)
            .Which.Level.Should().Be(LogLevel.Information);
    }

    [Fact]
    public async Task A_refused_launch_is_logged_with_its_problem_event_id()
    {
        platform.SignWith = PlatformEmulator.NewKey();

        await (await new LtiBrowser(tool.CreateBrowser()).LaunchAsync(platform, Learner, Unit1)).ShouldBeProblemAsync(LtiProblems.KidUnknown);

        tool.Services.GetFakeLogCollector().GetSnapshot()
            .Should().Contain(r => r.Category == "MicroCredLti.Problems" && r.Id.Id == LtiProblems.KidUnknown.EventId);
    }

    [Fact]
    public async Task A_platform_that_does_not_answer_in_time_is_a_gateway_timeout_not_a_server_error()
    {
        await using var impatient = await ImpatientToolAsync();
        platform.KeySetDelay = TimeSpan.FromSeconds(3);

        var response = await new LtiBrowser(impatient.CreateBrowser()).LaunchAsync(platform, Learner, Unit1);

        await response.ShouldBeProblemAsync(CommonProblems.UpstreamTimeout);
    }

    [Fact]
    public async Task Inside_the_LMS_frame_a_platform_timeout_is_a_page_that_says_what_happened()
    {
        await using var impatient = await ImpatientToolAsync();
        platform.KeySetDelay = TimeSpan.FromSeconds(3);
        var browser = new LtiBrowser(impatient.CreateBrowser()) { AcceptHtml = true };

        var response = await browser.LaunchAsync(platform, Learner, Unit1);

        response.StatusCode.Should().Be(HttpStatusCode.GatewayTimeout);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await response.Content.ReadAsStringAsync()).Should().Contain(CommonProblems.UpstreamTimeout.Code).And.NotContain("Exception");
    }

    [Fact]
    public async Task A_route_that_does_not_exist_is_a_problem_with_a_generic_code()
    {
        await (await tool.CreateClient().GetAsync("/no-such-thing")).ShouldBeProblemAsync(CommonProblems.NotFound);
    }

    /// <summary>A second host on its own database that gives platforms half a second to answer.</summary>
    private async Task<ImpatientTool> ImpatientToolAsync()
    {
        var own = await TestDatabase.CreateAsync(Storage.Sqlite);
        return new ImpatientTool(own, ToolHost.Start(own, new Dictionary<string, string?>(platform.Registration())
        {
            ["Lti:PlatformRequestTimeout"] = "00:00:00.500",
        }));
    }

    private sealed class ImpatientTool(TestDatabase database, ToolHost host) : IAsyncDisposable
    {
        public HttpClient CreateBrowser() => host.CreateBrowser();

        public async ValueTask DisposeAsync()
        {
            await host.DisposeAsync();
            await database.DisposeAsync();
        }
    }

    [GeneratedRegex("^[a-z]+(\\.[a-z_]+)+$")]
    private static partial Regex CodePattern();
}
