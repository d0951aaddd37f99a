using System.Net;
using System.Text.Json.Nodes;
using MicroCredLti.CreditMapper.Sweep;
using MicroCredLti.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MicroCredLti.Tests.Credit;

/// <summary>
/// The program's rules: every course passed, and the final passed at 60% or better under proctoring.
/// Short of that, no credit.
/// </summary>
public sealed class CreditRuleTests : IAsyncLifetime
{
    private const string UserId = "42";
    private ProgramScenario scenario = null!;
    private ToolHost tool = null!;

    public async Task InitializeAsync()
    {
        scenario = await ProgramScenario.CreateAsync(Storage.Sqlite);
        tool = scenario.StartTool();
    }

    public async Task DisposeAsync()
    {
        await tool.DisposeAsync();
        await scenario.DisposeAsync();
    }

    private string Lms => scenario.Platform.Issuer;

    [Fact]
    public async Task All_courses_and_a_proctored_final_at_the_threshold_earn_the_credit()
    {
        (await AwardsAfterSweepAsync(scenario.Programs.CompletedBy(Lms, UserId, finalScore: 0.6))).Should().Be(1);
    }

    [Fact]
    public async Task A_final_below_the_pass_mark_earns_nothing()
    {
        (await AwardsAfterSweepAsync(scenario.Programs.CompletedBy(Lms, UserId, finalScore: 0.59))).Should().Be(0);
    }

    [Fact]
    public async Task A_final_passed_without_proctoring_earns_nothing()
    {
        (await AwardsAfterSweepAsync(scenario.Programs.CompletedBy(Lms, UserId, 0.9)[..^1])).Should().Be(0);
    }

    [Fact]
    public async Task A_failed_course_earns_nothing()
    {
        var statements = scenario.Programs.CompletedBy(Lms, UserId, 0.9);
        statements[0]["verb"]!["id"] = "http://adlnet.gov/expapi/verbs/failed";

        (await AwardsAfterSweepAsync(statements)).Should().Be(0);
    }

    [Fact]
    public async Task A_pass_that_was_voided_before_the_sweep_earns_nothing()
    {
        var statements = scenario.Programs.CompletedBy(Lms, UserId, 0.9);
        var voiding = new JsonObject
        {
            ["actor"] = new JsonObject { ["account"] = new JsonObject { ["homePage"] = Lms, ["name"] = "admin" } },
            ["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/voided" },
            ["object"] = new JsonObject { ["objectType"] = "StatementRef", ["id"] = statements[0]["id"]!.GetValue<string>() },
        };

        (await AwardsAfterSweepAsync([.. statements, voiding])).Should().Be(0);

        var lrs = new LrsClient(tool.CreateClient());
        (await tool.CreateClient().WithLrsHeaders().GetAsync($"/xapi/statements?statementId={statements[0]["id"]}"))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await lrs.StatementsAsync($"?limit=50")).Should().HaveCount(statements.Length);
    }

    private async Task<int> AwardsAfterSweepAsync(JsonObject[] statements)
    {
        (await new LrsClient(tool.CreateClient()).PostAsync(statements)).StatusCode.Should().Be(HttpStatusCode.OK);
        await using var scope = tool.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CreditSweep>().RunAsync(CancellationToken.None);
    }
}
