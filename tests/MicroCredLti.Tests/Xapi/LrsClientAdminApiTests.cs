using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MicroCredLti.ServiceDefaults.Problems;
using MicroCredLti.Tests.Infrastructure;
using MicroCredLti.XapiCollector;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;

namespace MicroCredLti.Tests.Xapi;

/// <summary>
/// Admin automation creates, rotates and revokes LRS clients over HTTP with a token that grants <c>microcred.admin</c>;
/// each secret is shown once, and the LRS honours the change on its next request.
/// </summary>
public sealed class LrsClientAdminApiTests : HostTest
{
    private static readonly JsonObject Completion = Fixtures.Statement(Fixtures.MoodleCourseCompleted);

    [Fact]
    public async Task An_admin_creates_a_client_whose_secret_records_statements_and_is_shown_only_once()
    {
        var admin = await Tool.CreateClient().WithApiTokenAsync();

        var response = await admin.PostAsJsonAsync("/admin/lrs-clients",
            new { key = "moodle", name = "University Moodle", scopes = new[] { "statements/write" }, repairs = Array.Empty<string>() });

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.ToString().Should().Be("/admin/lrs-clients/moodle");
        response.Headers.CacheControl!.NoStore.Should().BeTrue("a secret must not be kept by any cache");
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        created["client"]!["name"]!.GetValue<string>().Should().Be("University Moodle");
        created["client"]!["scopes"]!.AsArray().Select(s => s!.GetValue<string>()).Should().Equal("statements/write");
        var secret = created["secret"]!.GetValue<string>();
        (await new LrsClient(Tool.CreateClient(), "moodle", secret).PostAsync(Statement())).StatusCode.Should().Be(HttpStatusCode.OK);

        var listed = (await admin.GetFromJsonAsync<JsonObject>("/admin/lrs-clients"))!["clients"]!.AsArray();
        listed.Select(c => c!["key"]!.GetValue<string>()).Should().Contain("moodle");
        listed.ToJsonString().Should().NotContain(secret);
        foreach (var client in listed)
            client!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("key", "name", "scopes", "repairs", "createdAt", "revokedAt");
        (await admin.GetFromJsonAsync<JsonObject>("/admin/lrs-clients/moodle"))!["name"]!.GetValue<string>().Should().Be("University Moodle");
    }

    [Fact]
    public async Task Rotating_a_secret_through_the_admin_API_retires_the_old_one_at_once()
    {
        var admin = await Tool.CreateClient().WithApiTokenAsync();
        var old = await CreateAsync(admin, "moodle");

        var response = await admin.PostAsync("/admin/lrs-clients/moodle/rotate", null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        var rotated = (await response.Content.ReadFromJsonAsync<JsonObject>())!["secret"]!.GetValue<string>();
        await (await new LrsClient(Tool.CreateClient(), "moodle", old).PostAsync(Statement())).ShouldBeProblemAsync(XapiProblems.CredentialsRequired);
        (await new LrsClient(Tool.CreateClient(), "moodle", rotated).PostAsync(Statement())).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_client_revoked_through_the_admin_API_can_no_longer_authenticate_and_is_listed_as_revoked()
    {
        var admin = await Tool.CreateClient().WithApiTokenAsync();
        var secret = await CreateAsync(admin, "moodle");
        (await new LrsClient(Tool.CreateClient(), "moodle", secret).PostAsync(Statement())).StatusCode.Should().Be(HttpStatusCode.OK);

        (await admin.DeleteAsync("/admin/lrs-clients/moodle")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await (await new LrsClient(Tool.CreateClient(), "moodle", secret).PostAsync(Statement())).ShouldBeProblemAsync(XapiProblems.CredentialsRequired);
        var revokedAt = (await admin.GetFromJsonAsync<JsonObject>("/admin/lrs-clients/moodle"))!["revokedAt"]!.GetValue<DateTimeOffset>();
        (await admin.DeleteAsync("/admin/lrs-clients/moodle")).StatusCode.Should().Be(HttpStatusCode.NoContent, "revoking twice is no error");
        (await admin.GetFromJsonAsync<JsonObject>("/admin/lrs-clients/moodle"))!["revokedAt"]!.GetValue<DateTimeOffset>()
            .Should().Be(revokedAt, "the client was revoked when it was first revoked");
    }

    [Fact]
    public async Task Each_change_is_logged_with_the_API_client_that_made_it()
    {
        await using var tool = ToolHost.Start(Database, services: services => services.AddFakeLogging());
        var admin = await tool.CreateClient().WithApiTokenAsync();

        await CreateAsync(admin, "moodle");
        (await admin.PostAsync("/admin/lrs-clients/moodle/rotate", null)).EnsureSuccessStatusCode();
        (await admin.DeleteAsync("/admin/lrs-clients/moodle")).EnsureSuccessStatusCode();

        var changes = tool.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Id.Id == 3089).ToList();
        changes.Should().HaveCount(3).And.AllSatisfy(r => r.Message.Should().Contain("moodle").And.Contain(ToolHost.AdminClientId));
    }

    [Fact]
    public async Task Creating_a_client_whose_key_exists_is_a_conflict()
    {
        var admin = await Tool.CreateClient().WithApiTokenAsync();
        await CreateAsync(admin, "moodle");

        var response = await admin.PostAsJsonAsync("/admin/lrs-clients", new { key = "moodle" });

        await response.ShouldBeProblemAsync(XapiProblems.ClientExists);
    }

    [Theory]
    [InlineData("POST", "/admin/lrs-clients/nobody/rotate")]
    [InlineData("DELETE", "/admin/lrs-clients/nobody")]
    [InlineData("GET", "/admin/lrs-clients/nobody")]
    public async Task A_key_no_client_has_is_not_found(string method, string path)
    {
        var admin = await Tool.CreateClient().WithApiTokenAsync();

        var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await response.ShouldBeProblemAsync(XapiProblems.ClientNotFound);
    }

    [Fact]
    public async Task A_client_with_a_bad_key_an_unknown_scope_or_repair_is_refused_naming_each()
    {
        var admin = await Tool.CreateClient().WithApiTokenAsync();

        var response = await admin.PostAsJsonAsync("/admin/lrs-clients",
            new { key = "moodle:prod", scopes = new[] { "statements/write", "statements/everything" }, repairs = new[] { "blackboard" } });

        (await response.ShouldBeProblemAsync(XapiProblems.ClientInvalid))
            .ShouldNameErrorAt("$.key").ShouldNameErrorAt("$.scopes[1]").ShouldNameErrorAt("$.repairs[0]");
        (await admin.GetFromJsonAsync<JsonObject>("/admin/lrs-clients"))!["clients"]!.AsArray()
            .Select(c => c!["key"]!.GetValue<string>()).Should().Equal([ToolHost.LrsKey], "nothing was created");
    }

    [Fact]
    public async Task A_registrar_token_without_the_admin_scope_is_forbidden()
    {
        var registrar = await Tool.CreateClient().WithApiTokenAsync(ToolHost.RegistrarClientId, ToolHost.RegistrarSecret, "registrar.credits");

        await (await registrar.GetAsync("/admin/lrs-clients")).ShouldBeProblemAsync(CommonProblems.Forbidden);
        await (await registrar.PostAsJsonAsync("/admin/lrs-clients", new { key = "sneaky" })).ShouldBeProblemAsync(CommonProblems.Forbidden);
    }

    [Fact]
    public async Task Without_a_token_the_admin_API_asks_for_one()
    {
        var response = await Tool.CreateClient().GetAsync("/admin/lrs-clients");

        await response.ShouldBeProblemAsync(CommonProblems.AuthenticationRequired);
        response.Headers.WwwAuthenticate.Should().Contain(h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task LRS_credentials_are_no_admin_token()
    {
        var response = await new LrsClient(Tool.CreateClient()).Http.GetAsync("/admin/lrs-clients");

        await response.ShouldBeProblemAsync(CommonProblems.AuthenticationRequired);
    }

    [Fact]
    public async Task The_admin_client_cannot_get_a_token_for_a_scope_it_was_not_granted()
    {
        var response = await ApiTokens.RequestAsync(Tool.CreateClient(), ToolHost.AdminClientId, ToolHost.AdminSecret, "registrar.credits");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var refusal = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        refusal.Should().NotContainKey("access_token");
        // RFC 6749 5.2 allows either; OpenIddict answers a scope the client has no permission for with invalid_request.
        refusal["error"]!.GetValue<string>().Should().BeOneOf("invalid_scope", "invalid_request");
    }

    private static async Task<string> CreateAsync(HttpClient admin, string key)
    {
        var response = await admin.PostAsJsonAsync("/admin/lrs-clients", new { key, scopes = new[] { "statements/write" } });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["secret"]!.GetValue<string>();
    }

    private static JsonObject Statement()
    {
        var statement = Completion.DeepClone().AsObject();
        statement["id"] = Guid.NewGuid().ToString();
        return statement;
    }
}
