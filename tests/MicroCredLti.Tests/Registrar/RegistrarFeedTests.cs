using MicroCredLti.ServiceDefaults.Problems;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MicroCredLti.Tests.Infrastructure;

namespace MicroCredLti.Tests.Registrar;

/// <summary>Only registrar systems holding a client-credentials token with the credits scope read credits.</summary>
public sealed class RegistrarFeedTests : HostTest
{
    [Fact]
    public async Task A_call_without_a_token_is_refused_with_a_problem()
    {
        var response = await Tool.CreateClient().GetAsync("/registrar/credits");

        await response.ShouldBeProblemAsync(CommonProblems.AuthenticationRequired);
        response.Headers.WwwAuthenticate.Should().Contain(h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task A_forged_token_is_refused()
    {
        var http = Tool.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");

        var response = await http.GetAsync("/registrar/credits");

        await response.ShouldBeProblemAsync(CommonProblems.AuthenticationRequired);
    }

    [Fact]
    public async Task A_client_with_a_wrong_secret_gets_no_token()
    {
        var response = await new RegistrarClient(Tool.CreateClient()).RequestTokenAsync(secret: "wrong-secret-0123456789");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>().Should().Be("invalid_client");
    }

    [Fact]
    public async Task A_token_without_the_credits_scope_cannot_read_credits()
    {
        var http = Tool.CreateClient();
        var token = await (await new RegistrarClient(http).RequestTokenAsync(scope: "")).Content.ReadFromJsonAsync<JsonObject>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)token!["access_token"]!);

        var response = await http.GetAsync("/registrar/credits");

        await response.ShouldBeProblemAsync(CommonProblems.Forbidden);
    }

    [Fact]
    public async Task A_registrar_with_the_credits_scope_reads_an_empty_feed_before_any_award()
    {
        var page = await new RegistrarClient(Tool.CreateClient()).CreditsAsync();

        page["credits"]!.AsArray().Should().BeEmpty();
        page["next"]!.GetValue<long>().Should().Be(0);
    }
}
