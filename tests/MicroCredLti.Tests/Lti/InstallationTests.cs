using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MicroCredLti.LtiTool;
using MicroCredLti.Tests.Infrastructure;

namespace MicroCredLti.Tests.Lti;

/// <summary>
/// An LMS admin installs the tool in minutes, without a restart: by LTI Dynamic Registration where the platform has it
/// (Moodle, Canvas), through the admin API, or by hand from configuration the running tool generates with its real URLs.
/// </summary>
public sealed class InstallationTests : IAsyncLifetime
{
    private static readonly LmsUser Learner = new("42", "Ada Lovelace", "ada@example.edu", [LmsUser.Learner]);
    private static readonly ResourceLink Unit1 = new("7", "Unit 1", "101", "SC1x");

    private LtiWorld world = null!;

    private PlatformEmulator platform => world.Platform;
    private ToolHost tool => world.Tool;

    public async Task InitializeAsync() => world = await LtiWorld.StartAsync(registered: false);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task A_platform_registered_through_the_admin_API_launches_at_once_and_not_once_removed()
    {
        var admin = await tool.CreateClient().WithApiTokenAsync();

        var created = await admin.PostAsJsonAsync("/admin/lti/platforms", Registration());

        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        (await LaunchAsync()).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.GetFromJsonAsync<JsonObject>("/admin/lti/platforms"))!["platforms"]!.AsArray().Should().ContainSingle()
            .Which!["source"]!.GetValue<string>().Should().Be("Admin");

        (await admin.DeleteAsync($"/admin/lti/platforms/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await LaunchAsync()).ShouldBeProblemAsync(LtiProblems.PlatformUnknown);
    }

    [Fact]
    public async Task An_invalid_registration_names_each_field_at_fault_and_the_same_platform_twice_conflicts()
    {
        var admin = await tool.CreateClient().WithApiTokenAsync();
        var invalid = Registration();
        invalid["issuer"] = "not a url";
        invalid["jwksUri"] = "ftp://keys.example";
        invalid["deploymentIds"] = new JsonArray("1", "1");

        var refused = await admin.PostAsJsonAsync("/admin/lti/platforms", invalid);

        var problem = await refused.ShouldBeProblemAsync(LtiProblems.PlatformInvalid);
        problem["errors"]!.AsObject().Select(e => e.Key).Should().BeEquivalentTo("$.issuer", "$.jwksUri", "$.deploymentIds[1]");
        (await admin.PostAsJsonAsync("/admin/lti/platforms", Registration())).StatusCode.Should().Be(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync("/admin/lti/platforms", Registration())).ShouldBeProblemAsync(LtiProblems.PlatformExists);
    }

    [Fact]
    public async Task Changing_a_platform_replaces_its_deployments()
    {
        var admin = await tool.CreateClient().WithApiTokenAsync();
        var id = (await (await admin.PostAsJsonAsync("/admin/lti/platforms", Registration())).Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var changed = Registration();
        changed["deploymentIds"] = new JsonArray("2");

        (await admin.PutAsJsonAsync($"/admin/lti/platforms/{id}", changed)).StatusCode.Should().Be(HttpStatusCode.OK);

        await (await LaunchAsync()).ShouldBeProblemAsync(LtiProblems.DeploymentUnknown);
    }

    [Fact]
    public async Task Moodle_dynamic_registration_registers_the_tool_and_its_first_launch_works()
    {
        var page = await tool.CreateBrowser().GetAsync(platform.DynamicRegistrationUrl("https://localhost/lti/register"));

        var html = await page.Content.ReadAsStringAsync();
        page.StatusCode.Should().Be(HttpStatusCode.OK, html);
        html.Should().Contain("org.imsglobal.lti.close").And.Contain("Manage tools", "Moodle keeps the tool pending until the admin activates it");
        var registration = platform.LastRegistration!;
        registration["initiate_login_uri"]!.GetValue<string>().Should().Be("https://localhost/lti/login");
        registration["redirect_uris"]![0]!.GetValue<string>().Should().Be("https://localhost/lti/launch");
        registration["jwks_uri"]!.GetValue<string>().Should().Be("https://localhost/lti/jwks");
        registration["token_endpoint_auth_method"]!.GetValue<string>().Should().Be("private_key_jwt");
        registration["scope"]!.GetValue<string>().Should().Contain("https://purl.imsglobal.org/spec/lti-ags/scope/score");
        registration["https://purl.imsglobal.org/spec/lti-tool-configuration"]!["messages"]![0]!["type"]!.GetValue<string>()
            .Should().Be("LtiDeepLinkingRequest");

        (await LaunchAsync()).StatusCode.Should().Be(HttpStatusCode.OK, "the platform's new client_id and deployment are registered");
    }

    [Fact]
    public async Task A_registration_token_the_platform_refuses_is_explained_to_the_admin()
    {
        var url = platform.DynamicRegistrationUrl("https://localhost/lti/register");
        platform.RegistrationToken = "already-used";

        var page = await tool.CreateBrowser().GetAsync(url);

        page.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        (await page.Content.ReadAsStringAsync()).Should().Contain(LtiProblems.RegistrationRefused.Code).And.Contain("start the registration again");
    }

    [Fact]
    public async Task A_configuration_that_names_another_site_as_issuer_is_refused()
    {
        platform.AnnouncedIssuer = "https://moodle.attacker.example";

        var page = await tool.CreateBrowser().GetAsync(platform.DynamicRegistrationUrl("https://localhost/lti/register"));

        page.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        (await page.Content.ReadAsStringAsync()).Should().Contain(LtiProblems.PlatformConfigurationInvalid.Code);
        platform.LastRegistration.Should().BeNull("nothing was sent to a platform that is not who it says it is");
    }

    [Fact]
    public async Task A_registration_page_opened_without_the_platform_s_parameters_says_where_to_start()
    {
        var page = await tool.CreateBrowser().GetAsync("/lti/register");

        page.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await page.Content.ReadAsStringAsync()).Should().Contain(LtiProblems.RegistrationInvalid.Code);
    }

    [Fact]
    public async Task Canvas_dynamic_registration_asks_for_names_and_the_SIS_id()
    {
        await using var canvas = await PlatformEmulator.StartCanvasAsync();
        canvas.AnnouncedIssuer = canvas.BaseUrl; // a self-hosted Canvas: its issuer is its own site

        (await tool.CreateBrowser().GetAsync(canvas.DynamicRegistrationUrl("https://localhost/lti/register"))).StatusCode.Should().Be(HttpStatusCode.OK);

        var configuration = canvas.LastRegistration!["https://purl.imsglobal.org/spec/lti-tool-configuration"]!;
        configuration["https://canvas.instructure.com/lti/privacy_level"]!.GetValue<string>().Should().Be("public");
        configuration["custom_parameters"]!["student_id"]!.GetValue<string>().Should().Be("$Canvas.user.sisSourceId");
        configuration["messages"]![0]!["placements"]!.AsArray().Select(p => p!.GetValue<string>()).Should().Contain("link_selection");
    }

    [Theory]
    [InlineData("canvas", "oidc_initiation_url", "https://localhost/lti/login")]
    [InlineData("moodle", "Public keyset", "https://localhost/lti/jwks")]
    [InlineData("openedx", "Tool Launch URL", "https://localhost/lti/launch")]
    public async Task Manual_configuration_for_each_platform_names_the_running_tool_s_URLs(string family, string field, string url)
    {
        var configuration = await tool.CreateBrowser().GetFromJsonAsync<JsonObject>($"/lti/config/{family}");

        configuration![field]!.GetValue<string>().Should().Be(url);
        await (await tool.CreateBrowser().GetAsync("/lti/config/blackboard")).ShouldBeProblemAsync(LtiProblems.PlatformNotFound);
    }

    private JsonObject Registration() => new()
    {
        ["name"] = "University Moodle",
        ["issuer"] = platform.Issuer,
        ["clientId"] = platform.ClientId,
        ["authorizationEndpoint"] = $"{platform.BaseUrl}/mod/lti/auth.php",
        ["tokenEndpoint"] = $"{platform.BaseUrl}/mod/lti/token.php",
        ["jwksUri"] = $"{platform.BaseUrl}/mod/lti/certs.php",
        ["deploymentIds"] = new JsonArray(platform.DeploymentId),
    };

    private Task<HttpResponseMessage> LaunchAsync() => world.LaunchAsync(Learner, Unit1);
}
