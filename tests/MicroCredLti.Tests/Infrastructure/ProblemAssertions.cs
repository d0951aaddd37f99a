using System.Net;
using System.Text.Json.Nodes;

namespace MicroCredLti.Tests.Infrastructure;

public static class ProblemAssertions
{
    /// <summary>The response is an RFC 9457 problem with the given status whose title or detail says <paramref name="says"/>.</summary>
    public static async Task<JsonObject> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string says)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        var problem = JsonNode.Parse(body)!.AsObject();
        problem["status"]!.GetValue<int>().Should().Be((int)status);
        $"{problem["title"]} {problem["detail"]} {problem["errors"]}".Should().ContainEquivalentOf(says);
        return problem;
    }
}
