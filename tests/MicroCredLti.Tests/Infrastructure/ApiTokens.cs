using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MicroCredLti.Tests.Infrastructure;

/// <summary>A machine client of the product's APIs: an access token by OAuth 2.0 client credentials (RFC 6749 4.4).</summary>
public static class ApiTokens
{
    public const string AdminScope = "microcred.admin";

    public static Task<HttpResponseMessage> RequestAsync(HttpClient http, string clientId, string secret, string scope) =>
        http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = scope,
        }));

    /// <summary>An access token for <paramref name="scope"/>; by default the test admin's.</summary>
    public static async Task<string> AccessTokenAsync(HttpClient http, string clientId = ToolHost.AdminClientId,
        string secret = ToolHost.AdminSecret, string scope = AdminScope)
    {
        var response = await RequestAsync(http, clientId, secret, scope);
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!;
    }

    /// <summary>The client, sending a bearer token for <paramref name="scope"/> with every request; by default the test admin's.</summary>
    public static async Task<HttpClient> WithApiTokenAsync(this HttpClient http, string clientId = ToolHost.AdminClientId,
        string secret = ToolHost.AdminSecret, string scope = AdminScope)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await AccessTokenAsync(http, clientId, secret, scope));
        return http;
    }
}
