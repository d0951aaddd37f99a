using System.Net;
using System.Text.Json.Nodes;
using MicroCredLti.LtiTool;
using MicroCredLti.LtiTool.Launch;
using MicroCredLti.ServiceDefaults.Problems;
using MicroCredLti.Tests.Infrastructure;

namespace MicroCredLti.Tests.Lti;

/// <summary>OIDC login and launch as Moodle performs them, and the launches the tool must refuse.</summary>
public sealed class LaunchTests : IAsyncLifetime
{
    private static readonly LmsUser Learner = new("42", "Ada Lovelace", "ada@example.edu", [LmsUser.Learner], StudentId: "S-1001");
    private static readonly ResourceLink Unit1 = new("7", "Unit 1", "101", "SC1x");

    private PlatformEmulator platform = null!;
    private TestDatabase database = null!;
    private ToolHost tool = null!;

    public async Task InitializeAsync()
    {
        platform = await PlatformEmulator.StartMoodleAsync();
        database = await TestDatabase.CreateAsync(Storage.Sqlite);
        tool = ToolHost.Start(database, platform.Registration());
    }

    public async Task DisposeAsync()
    {
        await tool.DisposeAsync();
        await database.DisposeAsync();
        await platform.DisposeAsync();
    }

    [Fact]
    public async Task A_signed_launch_lands_on_the_tool_and_is_recorded_as_launched()
    {
        var response = await new LtiBrowser(tool.CreateBrowser()).LaunchAsync(platform, Learner, Unit1);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var statement = (await Statements()).Should().ContainSingle().Subject!;
        statement["verb"]!["id"]!.GetValue<string>().Should().Be("http://adlnet.gov/expapi/verbs/launched");
        statement["object"]!["definition"]!["name"]!["und"]!.GetValue<string>().Should().Be("Unit 1");
        statement["context"]!["contextActivities"]!["parent"]![0]!["definition"]!["name"]!["und"]!.GetValue<string>().Should().Be("SC1x");
    }

    [Fact]
    public async Task A_launch_signed_with_a_key_the_platform_never_published_is_refused_and_records_nothing()
    {
        platform.SignWith = PlatformEmulator.NewKey();

        var response = await new LtiBrowser(tool.CreateBrowser()).LaunchAsync(platform, Learner, Unit1);

        await response.ShouldBeProblemAsync(LtiProblems.KidUnknown);
        (await Statements()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_platform_that_rotates_its_key_is_followed_to_the_new_key()
    {
        await tool.DisposeAsync();
        tool = ToolHost.Start(database, new Dictionary<string, string?>(platform.Registration()) { ["Lti:KeySetRefetchInterval"] = "00:00:00" });
        var browser = new LtiBrowser(tool.CreateBrowser());
        (await browser.LaunchAsync(platform, Learner, Unit1)).StatusCode.Should().Be(HttpStatusCode.OK);

        platform.SigningKey = PlatformEmulator.NewKey();

        (await browser.LaunchAsync(platform, Learner, Unit1)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_launch_while_the_platform_key_set_is_unreachable_fails_as_a_gateway_error_and_the_next_launch_succeeds()
    {
        var browser = new LtiBrowser(tool.CreateBrowser());
        platform.KeySetUnavailable = true;

        await (await browser.LaunchAsync(platform, Learner, Unit1)).ShouldBeProblemAsync(LtiProblems.PlatformKeysUnreachable);

        platform.KeySetUnavailable = false;
        (await browser.LaunchAsync(platform, Learner, Unit1)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Reposting_a_launch_form_is_refused_with_a_relaunch_message()
    {
        var browser = new LtiBrowser(tool.CreateBrowser());
        (await browser.LaunchAsync(platform, Learner, Unit1)).StatusCode.Should().Be(HttpStatusCode.OK);

        var replay = await browser.PostFormAsync(browser.LastForm.Action, browser.LastForm.Fields);

        await replay.ShouldBeProblemAsync(LtiProblems.StateUnknown);
        (await Statements()).Should().ContainSingle();
    }

    [Fact]
    public async Task A_launch_finished_in_another_browser_than_it_started_in_is_refused()
    {
        var starter = new LtiBrowser(tool.CreateBrowser());
        await starter.LaunchAsync(platform, Learner, Unit1);
        // Replays the platform's form from a browser without the login cookie: the state must not be accepted there.
        var otherBrowser = new LtiBrowser(tool.CreateBrowser());
        platform.SignWith = null;

        var login = await tool.CreateBrowser().PostAsync("/lti/login", new FormUrlEncodedContent(platform.LoginInitiation(Learner, Unit1, LtiBrowser.TargetLinkUri)));
        var authorization = await new HttpClient().GetStringAsync(login.Headers.Location);
        var state = System.Text.RegularExpressions.Regex.Match(authorization, "name=\"state\" value=\"([^\"]+)\"").Groups[1].Value;
        var idToken = System.Text.RegularExpressions.Regex.Match(authorization, "name=\"id_token\" value=\"([^\"]+)\"").Groups[1].Value;

        var response = await otherBrowser.PostFormAsync(LtiBrowser.TargetLinkUri, new Dictionary<string, string> { ["id_token"] = idToken, ["state"] = state });

        await response.ShouldBeProblemAsync(LtiProblems.StateCookieMissing);
    }

    [Fact]
    public async Task A_browser_refreshing_the_launch_sees_a_page_telling_the_learner_to_relaunch()
    {
        var browser = new LtiBrowser(tool.CreateBrowser());
        (await browser.LaunchAsync(platform, Learner, Unit1)).StatusCode.Should().Be(HttpStatusCode.OK);
        var refresh = new HttpRequestMessage(HttpMethod.Post, new Uri(browser.LastForm.Action).PathAndQuery)
        {
            Content = new FormUrlEncodedContent(browser.LastForm.Fields),
        };
        refresh.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        var response = await tool.CreateBrowser().SendAsync(refresh);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await response.Content.ReadAsStringAsync()).Should().Contain("open the activity again").And.NotContain("Exception");
    }

    [Theory]
    [InlineData("aud", "some-other-tool", "lti.audience_mismatch")]
    [InlineData("iss", "https://moodle.attacker.example", "lti.issuer_mismatch")]
    [InlineData("https://purl.imsglobal.org/spec/lti/claim/deployment_id", "2", "lti.deployment_unknown")]
    [InlineData("https://purl.imsglobal.org/spec/lti/claim/version", "1.1", "lti.version_unsupported")]
    [InlineData("nonce", "a-nonce-from-another-login", "lti.nonce_mismatch")]
    [InlineData("https://purl.imsglobal.org/spec/lti/claim/target_link_uri", "https://localhost/lti/elsewhere", "lti.target_link_uri_mismatch")]
    [InlineData("https://purl.imsglobal.org/spec/lti/claim/message_type", "LtiSubmissionReviewRequest", "lti.message_type_unsupported")]
    public async Task A_launch_whose_claims_do_not_fit_the_login_is_refused(string claim, string value, string code)
    {
        platform.AlterClaims = claims => claims[claim] = value;

        var response = await new LtiBrowser(tool.CreateBrowser()).LaunchAsync(platform, Learner, Unit1);

        await response.ShouldBeProblemAsync(LtiProblemsByCode(code));
        (await Statements()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_login_from_a_platform_the_tool_does_not_know_is_refused()
    {
        var initiation = platform.LoginInitiation(Learner, Unit1, LtiBrowser.TargetLinkUri);
        initiation["client_id"] = "unregistered-client";

        var response = await tool.CreateBrowser().PostAsync("/lti/login", new FormUrlEncodedContent(initiation));

        await response.ShouldBeProblemAsync(LtiProblems.PlatformUnknown);
    }

    [Fact]
    public async Task A_login_that_would_send_the_user_elsewhere_is_refused()
    {
        var response = await tool.CreateBrowser().PostAsync("/lti/login",
            new FormUrlEncodedContent(platform.LoginInitiation(Learner, Unit1, "https://phishing.example/lti/launch")));

        await response.ShouldBeProblemAsync(LtiProblems.TargetLinkUriForeign);
    }

    [Fact]
    public async Task Open_edX_starts_the_login_with_a_GET()
    {
        var query = new FormUrlEncodedContent(platform.LoginInitiation(Learner, Unit1, LtiBrowser.TargetLinkUri)).ReadAsStringAsync();

        var response = await tool.CreateBrowser().GetAsync($"/lti/login?{await query}");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().StartWith($"{platform.BaseUrl}/mod/lti/auth.php?scope=openid&response_type=id_token");
    }

    [Theory]
    [InlineData("http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor", true)]
    [InlineData("http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator", true)]
    [InlineData("ContentDeveloper", true)]
    [InlineData("Instructor", true)]
    [InlineData("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner", false)]
    public void Staff_are_recognised_by_full_and_short_role_names(string role, bool staff)
    {
        var launch = new LtiLaunch
        {
            MessageType = LtiLaunch.ResourceLinkRequest, Version = "1.3.0", DeploymentId = "1", TargetLinkUri = "https://tool", Nonce = "n",
            Subject = "42", RolesClaim = [role], ResourceLink = new ResourceLinkClaim("7", null, null),
        };

        launch.IsStaff.Should().Be(staff);
    }

    private static ProblemType LtiProblemsByCode(string code) =>
        typeof(LtiProblems).GetFields().Select(f => (ProblemType)f.GetValue(null)!).Single(p => p.Code == code);

    private async Task<JsonArray> Statements() => await new LrsClient(tool.CreateClient()).StatementsAsync();
}
