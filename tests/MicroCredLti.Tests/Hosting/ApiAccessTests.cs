using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MicroCredLti.Tests.Infrastructure;

namespace MicroCredLti.Tests.Hosting;

/// <summary>
/// One token server for every machine API: clients from <c>ApiAccess:Clients</c> (and the registrar's from the earlier
/// <c>Registrar:Clients</c>) get tokens for the scopes they were granted, in every role that serves such an API.
/// </summary>
public sealed class ApiAccessTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync(Storage.Sqlite);

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task A_client_configured_in_ApiAccess_with_the_credits_scope_reads_credits()
    {
        await using var tool = ToolHost.Start(database, new Dictionary<string, string?>
        {
            ["ApiAccess:Clients:1:ClientId"] = "sis",
            ["ApiAccess:Clients:1:ClientSecret"] = "sis-secret-0123456789",
            ["ApiAccess:Clients:1:Scopes:0"] = "registrar.credits",
        });

        var http = await tool.CreateClient().WithApiTokenAsync("sis", "sis-secret-0123456789", "registrar.credits");

        (await http.GetAsync("/registrar/credits")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_earlier_Registrar_section_still_configures_the_token_server()
    {
        await using var tool = ToolHost.Start(database, new Dictionary<string, string?>
        {
            ["ApiAccess:AllowInsecureHttp"] = null,
            ["Registrar:AllowInsecureHttp"] = "true",
            ["Registrar:AccessTokenLifetime"] = "00:10:00",
        });

        var response = await new RegistrarClient(tool.CreateClient()).RequestTokenAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK, "Registrar:AllowInsecureHttp still lets the token endpoint answer over HTTP");
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["expires_in"]!.GetValue<int>().Should().BeInRange(590, 600, "Registrar:AccessTokenLifetime is ten minutes");
    }

    [Fact]
    public async Task An_LRS_only_process_issues_admin_tokens_and_serves_the_admin_API()
    {
        await using var lrs = ToolHost.Start(database, new Dictionary<string, string?> { ["MicroCred:Roles"] = "lrs" });

        var admin = await lrs.CreateClient().WithApiTokenAsync();

        (await admin.GetAsync("/admin/lrs-clients")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.GetAsync("/registrar/credits")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_LTI_front_serves_the_platform_admin_API_and_no_other()
    {
        await using var tool = ToolHost.Start(database, new Dictionary<string, string?> { ["MicroCred:Roles"] = "lti" });
        var admin = await tool.CreateClient().WithApiTokenAsync();

        (await admin.GetAsync("/admin/lti/platforms")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.GetAsync("/admin/lrs-clients")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.GetAsync("/registrar/credits")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("worker")]
    public async Task A_process_that_serves_no_machine_API_has_no_token_endpoint(string role)
    {
        await using var tool = ToolHost.Start(database, new Dictionary<string, string?> { ["MicroCred:Roles"] = role });

        var response = await ApiTokens.RequestAsync(tool.CreateClient(), ToolHost.AdminClientId, ToolHost.AdminSecret, ApiTokens.AdminScope);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await tool.CreateClient().GetAsync("/admin/lrs-clients")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
