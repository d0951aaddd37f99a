using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredLti.Tests.Infrastructure;
using MicroCredLti.XapiCollector;

namespace MicroCredLti.Tests.Xapi;

/// <summary>
/// <c>XapiCollector:MaxRequestBytes</c> bounds what the statement resource reads: a larger body is refused with a 413
/// problem, whether it announces its length or not, and nothing of it is stored.
/// </summary>
public sealed class RequestLimitTests
{
    private const string Moodle = "https://moodle.example.edu";

    private static JsonObject[] Batch(int count) =>
        Enumerable.Range(1, count).Select(i => Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, $"{i}")).ToArray();

    [Fact]
    public async Task A_body_over_the_configured_limit_is_refused_with_413_and_nothing_is_stored()
    {
        await using var database = await TestDatabase.CreateAsync(Storage.Sqlite);
        await using var tool = ToolHost.Start(database, new Dictionary<string, string?> { ["XapiCollector:MaxRequestBytes"] = "2048" });
        var lrs = new LrsClient(tool.CreateClient());

        (await lrs.PostAsync(Batch(1))).StatusCode.Should().Be(HttpStatusCode.OK, "one statement fits in 2 kB");
        var response = await lrs.PostAsync(Batch(15));

        await response.ShouldBeProblemAsync(XapiProblems.RequestTooLarge);
        (await tool.StatementCountAsync()).Should().Be(1);
    }

    [Fact]
    public async Task A_body_that_does_not_announce_its_length_is_cut_off_at_the_limit()
    {
        await using var database = await TestDatabase.CreateAsync(Storage.Sqlite);
        await using var tool = ToolHost.Start(database, new Dictionary<string, string?> { ["XapiCollector:MaxRequestBytes"] = "2048" });
        var http = tool.CreateClient().WithLrsHeaders();
        var body = new JsonArray(Batch(15).Select(s => s.DeepClone()).ToArray()).ToJsonString();
        var content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new("application/json");

        var response = await http.PostAsync("/xapi/statements", content);

        await response.ShouldBeProblemAsync(XapiProblems.RequestTooLarge);
        (await tool.StatementCountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task A_body_over_30_MB_is_a_413_problem_not_a_server_error()
    {
        await using var database = await TestDatabase.CreateAsync(Storage.Sqlite);
        await using var tool = ToolHost.Start(database);
        var statement = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7")
            .With("object.definition.description", new JsonObject { ["en"] = new string('x', 31 * 1024 * 1024) });

        var response = await new LrsClient(tool.CreateClient()).PostAsync(statement);

        await response.ShouldBeProblemAsync(XapiProblems.RequestTooLarge);
        (await tool.StatementCountAsync()).Should().Be(0);
    }

    /// <summary>A body whose length the client cannot tell, as a streamed upload is sent (chunked).</summary>
    private sealed class UnseekableStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
