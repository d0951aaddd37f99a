using System.Text.Json.Nodes;
using MicroCredLti.Tests.Infrastructure;

namespace MicroCredLti.Tests.Xapi;

/// <summary>
/// A real xAPI client from npm (@xapi/xapi), as e-learning content uses it in the browser, talks to the LRS over real
/// HTTP: what it sends it can read back, page by page through the LRS's <c>more</c> links, and one by one by id.
/// </summary>
public sealed class JavaScriptClientTests
{
    [Theory]
    [InlineData("1.0.3")]
    [InlineData("2.0.0")]
    public async Task The_xapi_npm_client_sends_statements_and_reads_them_back_following_more(string version)
    {
        await using var database = await TestDatabase.CreateAsync(Storage.Sqlite);
        await using var tool = ToolHost.StartOnLoopback(database);

        var report = await NodeScripts.RunAsync("xapi-client.mjs", new Uri(tool.LoopbackAddress!, "xapi").ToString(), ToolHost.LrsKey, ToolHost.LrsSecret, version);

        report["errors"]!.AsArray().Should().BeEmpty();
        var sent = report["sentIds"]!.AsArray().Select(id => id!.GetValue<string>()).ToList();
        sent.Should().HaveCount(31);
        report["receivedIds"]!.AsArray().Select(id => id!.GetValue<string>()).Should().Equal(sent, "ascending order is the order of storing");
        report["pages"]!.GetValue<int>().Should().Be(5, "31 statements at 7 a page");
        report["single"]!["id"]!.GetValue<string>().Should().Be(sent[^1]);
        report["single"]!["authority"].Should().NotBeNull("the LRS sets the authority from the client's credentials");
    }
}
