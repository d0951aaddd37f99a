using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace MicroCredLti.Tests.Xapi;

/// <summary>Requests to the xAPI document resources, written as a content package or an LMS would write them.</summary>
internal static class DocumentRequests
{
    public const string State = "/xapi/activities/state";
    public const string ActivityProfile = "/xapi/activities/profile";
    public const string AgentProfile = "/xapi/agents/profile";

    public const string Moodle = "https://moodle.example.edu";
    public const string ScormPackage = "https://moodle.example.edu/mod/scorm/view.php?id=7";

    /// <summary>A Moodle learner as Moodle's xAPI log store names them.</summary>
    public static JsonObject MoodleLearner(string id, string? name = null)
    {
        var agent = new JsonObject { ["objectType"] = "Agent", ["account"] = new JsonObject { ["homePage"] = Moodle, ["name"] = id } };
        if (name is not null) agent["name"] = name;
        return agent;
    }

    /// <summary>A resource URL with its query parameters escaped; a null value leaves the parameter out.</summary>
    public static string Url(string resource, params (string Name, object? Value)[] parameters) =>
        resource + "?" + string.Join('&', parameters.Where(p => p.Value is not null).Select(p =>
            $"{p.Name}={Uri.EscapeDataString(p.Value is JsonNode node ? node.ToJsonString() : p.Value!.ToString()!)}"));

    public static string StateUrl(string stateId, JsonObject? agent = null, Guid? registration = null, string activityId = ScormPackage) =>
        Url(State, ("activityId", activityId), ("agent", agent ?? MoodleLearner("7")), ("registration", registration), ("stateId", stateId));

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static ByteArrayContent Bytes(byte[] content, string contentType)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return body;
    }

    public static Task<HttpResponseMessage> SendAsync(this HttpClient http, HttpMethod method, string url, HttpContent? body = null,
        string? ifMatch = null, string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return http.SendAsync(request);
    }

    public static async Task<JsonObject> GetJsonAsync(this HttpClient http, string url)
    {
        var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    public static async Task<List<string>> GetIdsAsync(this HttpClient http, string url)
    {
        var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsArray().Select(id => id!.GetValue<string>()).ToList();
    }

    /// <summary>The entity tag xAPI 1.0.3 Part Three 3.1 asks for: the SHA-1 of the content, hex, in quotes.</summary>
    public static string EtagOf(string content) => $"\"{Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(content)))}\"";
}
