using System.Text.Json.Nodes;
using MicroCredLti.ServiceDefaults.Problems;

namespace MicroCredLti.Tests.Infrastructure;

public static class ProblemAssertions
{
    /// <summary>
    /// The response is an RFC 9457 problem of the catalogue's <paramref name="expected"/> type: its status, its type URI
    /// and its stable code. What the detail says is for people and may change; tests do not read it.
    /// </summary>
    public static async Task<JsonObject> ShouldBeProblemAsync(this HttpResponseMessage response, ProblemType expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be(expected.Status, body);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", body);
        var problem = JsonNode.Parse(body)!.AsObject();
        problem["status"]!.GetValue<int>().Should().Be(expected.Status);
        problem["code"]!.GetValue<string>().Should().Be(expected.Code, body);
        problem["type"]!.GetValue<string>().Should().Be(expected.TypeUri);
        problem["title"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        return problem;
    }

    /// <summary>A validation problem names the JSON path of what is wrong.</summary>
    public static JsonObject ShouldNameErrorAt(this JsonObject problem, string path)
    {
        problem["errors"]!.AsObject().Select(e => e.Key).Should().Contain(path);
        return problem;
    }
}
