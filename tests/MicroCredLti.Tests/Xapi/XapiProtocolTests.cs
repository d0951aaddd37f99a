using System.Net;
using MicroCredLti.Tests.Infrastructure;
using MicroCredLti.XapiCollector;

namespace MicroCredLti.Tests.Xapi;

/// <summary>
/// How the LRS speaks HTTP whatever the resource: version negotiation (xAPI 1.0.3 Part Three 3.3, IEEE 9274.1.1), the
/// alternate request syntax of 1.0.3 (1.3) that 2.0 removed, and CORS for content running in a browser.
/// </summary>
public sealed class XapiProtocolTests : HostTest
{
    private const string Moodle = "https://moodle.example.edu";

    [Theory]
    [InlineData("1.0", "1.0.3")]
    [InlineData("1.0.0", "1.0.3")]
    [InlineData("1.0.1", "1.0.3")]
    [InlineData("1.0.3", "1.0.3")]
    [InlineData("2.0", "2.0.0")]
    [InlineData("2.0.0", "2.0.0")]
    public async Task The_LRS_answers_in_the_version_asked_for(string asked, string answered)
    {
        var response = await new LrsClient(Tool.CreateClient(), version: asked).GetAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("X-Experience-API-Version").Should().Equal(answered);
    }

    [Theory]
    [InlineData("1.0garbage")]
    [InlineData("1.0.3.1")]
    [InlineData("1.1.0")]
    [InlineData("0.95")]
    [InlineData("3.0.0")]
    [InlineData("1.0.x")]
    public async Task A_malformed_or_unsupported_version_is_refused(string asked)
    {
        var http = Tool.CreateClient().WithLrsHeaders(version: null);
        http.DefaultRequestHeaders.TryAddWithoutValidation("X-Experience-API-Version", asked);

        var response = await http.GetAsync("/xapi/statements");

        await response.ShouldBeProblemAsync(XapiProblems.VersionUnsupported);
        response.Headers.GetValues("X-Experience-API-Version").Should().Equal("1.0.3");
    }
}
