using System.Net;
using System.Text.Json.Nodes;
using MicroCredLti.CreditMapper.Sweep;
using MicroCredLti.LtiTool.Services;
using MicroCredLti.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MicroCredLti.Tests.Lti;

/// <summary>
/// Progress toward a program flows back to the LMS gradebook: a learner who launched a program's placement gets, in its
/// line item, the share of the program's requirements met, and full marks marked Completed once the credit is awarded.
/// </summary>
public sealed class GradebookSyncTests : IAsyncLifetime
{
    private const string Lti = "https://purl.imsglobal.org/spec/lti/claim/";
    private static readonly LmsUser Learner = new("42", "Ada Lovelace", "ada@example.edu", [LmsUser.Learner]);
    private static readonly ResourceLink ProgressPage = new("link-1", "SCM progress", "101", "SC1x");

    private ProgramScenario scenario = null!;
    private ToolHost tool = null!;

    public async Task InitializeAsync()
    {
        scenario = await ProgramScenario.CreateAsync(Storage.Sqlite);
        tool = scenario.StartTool();
        var platform = scenario.Platform;
        platform.ToolKeySet = () => tool.CreateBrowser().GetStringAsync("/lti/jwks");
        // The line item the platform made when the instructor added the placement by deep linking.
        platform.LineItems.Add(new JsonObject
        {
            ["id"] = $"{platform.BaseUrl}/mod/lti/services.php/2/lineitems/1/lineitem?type_id=1", ["label"] = "SCM progress", ["scoreMaximum"] = 100,
        });
        platform.AlterClaims = claims =>
        {
            claims["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"] = new Dictionary<string, object>
            {
                ["scope"] = new[] { AssignmentGradeService.LineItemScope, AssignmentGradeService.ScoreScope },
                ["lineitems"] = platform.LineItemsUrl,
                ["lineitem"] = (string)platform.LineItems[0]["id"]!,
            };
            claims[Lti + "custom"] = new Dictionary<string, object> { ["microcred_program"] = TestPrograms.Slug };
        };
    }

    public async Task DisposeAsync()
    {
        await tool.DisposeAsync();
        await scenario.DisposeAsync();
    }

    [Fact]
    public async Task A_learner_s_progress_reaches_the_line_item_and_full_marks_once_awarded()
    {
        (await new LtiBrowser(tool.CreateBrowser()).LaunchAsync(scenario.Platform, Learner, ProgressPage)).StatusCode.Should().Be(HttpStatusCode.OK);
        var earning = scenario.Programs.CompletedBy(scenario.Platform.Issuer, Learner.Id, finalScore: 0.9);

        await SweepAfterAsync(earning[..2]);
        (await SyncAsync()).Should().Be(1);
        var score = scenario.Platform.Scores[(1, Learner.Id)];
        score["scoreGiven"]!.GetValue<double>().Should().Be(40, "two of the program's five requirements are met");
        score["activityProgress"]!.GetValue<string>().Should().Be("InProgress");

        (await SyncAsync()).Should().Be(0, "nothing changed, so nothing is sent again");

        await SweepAfterAsync(earning[2..]);
        (await SyncAsync()).Should().Be(1);
        score = scenario.Platform.Scores[(1, Learner.Id)];
        score["scoreGiven"]!.GetValue<double>().Should().Be(100);
        score["activityProgress"]!.GetValue<string>().Should().Be("Completed");
        score["userId"]!.GetValue<string>().Should().Be(Learner.Id, "the platform's own user id, the launch's sub");
    }

    private async Task SweepAfterAsync(JsonObject[] statements)
    {
        (await new LrsClient(tool.CreateClient()).PostAsync(statements)).StatusCode.Should().Be(HttpStatusCode.OK);
        await using var scope = tool.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CreditSweep>().RunAsync(CancellationToken.None);
    }

    private async Task<int> SyncAsync()
    {
        await using var scope = tool.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GradebookSync>().RunAsync(CancellationToken.None);
    }
}
