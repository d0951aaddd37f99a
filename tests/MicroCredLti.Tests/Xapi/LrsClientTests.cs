using System.CommandLine;
using System.Net;
using MicroCredLti.ServiceDefaults.Problems;
using MicroCredLti.Tests.Infrastructure;
using MicroCredLti.XapiCollector;
using MicroCredLti.XapiCollector.Credentials;

namespace MicroCredLti.Tests.Xapi;

/// <summary>
/// LRS clients live in the database: an admin adds, rotates and revokes them with <c>lrs-client</c>, each with the xAPI
/// scopes it needs, and the LRS enforces those scopes on every request.
/// </summary>
public sealed class LrsClientTests : HostTest
{
    private static readonly System.Text.Json.Nodes.JsonObject Completion = Fixtures.Statement(Fixtures.MoodleCourseCompleted);

    [Fact]
    public async Task A_client_added_on_the_command_line_records_statements_with_the_secret_it_was_shown_once()
    {
        var (exit, output) = await RunAsync("add", "moodle", "--name", "University Moodle", "--scope", "statements/write");

        exit.Should().Be(0, output);
        var secret = SecretIn(output);
        (await new LrsClient(Tool.CreateClient(), "moodle", secret).PostAsync(Statement())).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_client_is_refused_what_its_scopes_do_not_grant()
    {
        var writer = SecretIn((await RunAsync("add", "emitter", "--scope", "statements/write")).Output);
        var reader = SecretIn((await RunAsync("add", "dashboard", "--scope", "all/read")).Output);

        await (await new LrsClient(Tool.CreateClient(), "emitter", writer).Http.GetAsync("/xapi/statements")).ShouldBeProblemAsync(CommonProblems.Forbidden);
        await (await new LrsClient(Tool.CreateClient(), "dashboard", reader).PostAsync(Statement())).ShouldBeProblemAsync(CommonProblems.Forbidden);
        (await new LrsClient(Tool.CreateClient(), "dashboard", reader).Http.GetAsync("/xapi/statements")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task State_documents_need_the_state_scope_and_all_read_may_read_them()
    {
        var emitter = new LrsClient(Tool.CreateClient(), "emitter", SecretIn((await RunAsync("add", "emitter", "--scope", "statements/write")).Output));
        var content = new LrsClient(Tool.CreateClient(), "content", SecretIn((await RunAsync("add", "content", "--scope", "state")).Output));
        var reader = new LrsClient(Tool.CreateClient(), "reader", SecretIn((await RunAsync("add", "reader", "--scope", "all/read")).Output));
        const string state = "/xapi/activities/state?activityId=https%3A%2F%2Fcontent.example.edu%2Funit%2F1&stateId=bookmark"
            + "&agent=%7B%22mbox%22%3A%22mailto%3Aada%40example.edu%22%7D";

        (await content.Http.PutAsync(state, LrsClient.JsonContent("""{"page":3}"""))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await emitter.Http.PutAsync(state, LrsClient.JsonContent("""{"page":4}"""))).ShouldBeProblemAsync(CommonProblems.Forbidden);
        (await reader.Http.GetAsync(state)).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await reader.Http.DeleteAsync(state)).ShouldBeProblemAsync(CommonProblems.Forbidden);
    }

    [Fact]
    public async Task Rotating_a_secret_retires_the_old_one_at_once()
    {
        var old = SecretIn((await RunAsync("add", "moodle", "--scope", "statements/write")).Output);

        var (exit, output) = await RunAsync("rotate", "moodle");

        exit.Should().Be(0);
        await (await new LrsClient(Tool.CreateClient(), "moodle", old).PostAsync(Statement())).ShouldBeProblemAsync(XapiProblems.CredentialsRequired);
        (await new LrsClient(Tool.CreateClient(), "moodle", SecretIn(output)).PostAsync(Statement())).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_revoked_client_can_no_longer_authenticate_and_is_listed_as_revoked()
    {
        var secret = SecretIn((await RunAsync("add", "moodle", "--scope", "statements/write")).Output);
        (await new LrsClient(Tool.CreateClient(), "moodle", secret).PostAsync(Statement())).StatusCode.Should().Be(HttpStatusCode.OK,
            "the client is known, and so are its credentials to the instance that checked them");

        (await RunAsync("revoke", "moodle")).Exit.Should().Be(0);

        await (await new LrsClient(Tool.CreateClient(), "moodle", secret).PostAsync(Statement())).ShouldBeProblemAsync(XapiProblems.CredentialsRequired);
        (await RunAsync("list")).Output.Should().Contain("moodle").And.Contain("revoked");
    }

    [Theory]
    [InlineData("add", "moodle", "--scope", "statements/everything")]
    [InlineData("add", "moodle", "--repair", "blackboard")]
    [InlineData("rotate", "nobody")]
    public async Task A_command_that_cannot_be_carried_out_says_why_and_fails(params string[] arguments)
    {
        var (exit, _) = await RunAsync(arguments);

        exit.Should().Be(1);
    }

    private static System.Text.Json.Nodes.JsonObject Statement()
    {
        var statement = Completion.DeepClone().AsObject();
        statement["id"] = Guid.NewGuid().ToString();
        return statement;
    }

    private async Task<(int Exit, string Output)> RunAsync(params string[] arguments)
    {
        var output = new StringWriter();
        var exit = await LrsClientCommand.Create(Tool.Services).Parse(arguments)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (exit, output.ToString());
    }

    private static string SecretIn(string output) =>
        output.Split('\n').Single(line => line.StartsWith("secret:")).Split(':', 2)[1].Trim();
}
