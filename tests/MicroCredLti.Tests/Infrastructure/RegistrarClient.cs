using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MicroCredLti.Tests.Infrastructure;

/// <summary>A registrar's student information system pulling credits with OAuth 2.0 client credentials.</summary>
public sealed class RegistrarClient(HttpClient http)
{
    public async Task<HttpResponseMessage> RequestTokenAsync(string clientId = ToolHost.RegistrarClientId, string secret = ToolHost.RegistrarSecret,
        string scope = "registrar.credits") =>
        await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = scope,
        }));

    public async Task<JsonObject> CreditsAsync(long after = 0)
    {
        if (http.DefaultRequestHeaders.Authorization is null)
        {
            var token = await (await RequestTokenAsync()).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)token!["access_token"]!);
        }
        return (await http.GetFromJsonAsync<JsonObject>($"/registrar/credits?after={after}"))!;
    }

    /// <summary>Polls until the sweep has awarded <paramref name="count"/> credits, or the time is up.</summary>
    public async Task<JsonArray> WaitForCreditsAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var credits = (await CreditsAsync())["credits"]!.AsArray();
            if (credits.Count >= count || DateTime.UtcNow > deadline) return credits;
            await Task.Delay(200);
        }
    }
}
