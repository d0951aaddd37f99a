using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace MicroCredLti.Tests.Infrastructure;

/// <summary>An xAPI client with LRS credentials, as an LMS emitter or content package would be.</summary>
public sealed class LrsClient
{
    private readonly HttpClient http;

    public LrsClient(HttpClient http, string key = ToolHost.LrsKey, string secret = ToolHost.LrsSecret, string? version = "1.0.3") =>
        this.http = http.WithLrsHeaders(key, secret, version);

    /// <summary>The client with this LRS client's credentials and version header, for requests the helpers do not cover.</summary>
    public HttpClient Http => http;

    public Task<HttpResponseMessage> PostAsync(params JsonObject[] statements) =>
        http.PostAsync("/xapi/statements", JsonContent(new JsonArray(statements.Select(s => (JsonNode)s.DeepClone()).ToArray()).ToJsonString()));

    public Task<HttpResponseMessage> PostRawAsync(string body) => http.PostAsync("/xapi/statements", JsonContent(body));

    public Task<HttpResponseMessage> GetAsync(string query = "") => http.GetAsync($"/xapi/statements{query}");

    public async Task<JsonArray> StatementsAsync(string query = "")
    {
        var result = await http.GetFromJsonAsync<JsonObject>($"/xapi/statements{query}");
        return result!["statements"]!.AsArray();
    }

    /// <summary>The ids of the statements a query returns, in the order returned.</summary>
    public async Task<IReadOnlyList<string>> IdsAsync(string query = "") =>
        (await StatementsAsync(query)).Select(s => s!["id"]!.GetValue<string>()).ToList();

    public static StringContent JsonContent(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>A query string from name and value pairs, each value escaped (agents are JSON).</summary>
    public static string Query(params (string Name, string Value)[] parameters) =>
        "?" + string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));
}

public static class LrsHeaders
{
    /// <summary>The headers every xAPI request carries: Basic credentials and the xAPI version.</summary>
    public static HttpClient WithLrsHeaders(this HttpClient http, string key = ToolHost.LrsKey, string secret = ToolHost.LrsSecret,
        string? version = "1.0.3")
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key}:{secret}")));
        if (version is not null) http.DefaultRequestHeaders.Add("X-Experience-API-Version", version);
        return http;
    }
}
