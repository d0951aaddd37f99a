using System.Text.Json.Nodes;
using MicroCredLti.LtiTool.Registration;
using MicroCredLti.LtiTool.Services;
using MicroCredLti.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MicroCredLti.Tests.Lti;

/// <summary>
/// Assignment and Grade Services against a Moodle-like platform over real HTTP: an access token by client credentials
/// with the tool's signed assertion, line items found across pages or created, scores posted (one learner's refusal
/// stopping no one else), results read, and a busy platform retried.
/// </summary>
public sealed class GradeServiceTests : IAsyncLifetime
{
    private LtiWorld world = null!;

    private PlatformEmulator platform => world.Platform;
    private ToolHost tool => world.Tool;

    public async Task InitializeAsync() => world = await LtiWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task A_line_item_is_found_by_resource_id_across_pages_and_otherwise_created()
    {
        for (var i = 1; i <= 3; i++)
            platform.LineItems.Add(new JsonObject
            {
                ["id"] = $"{platform.BaseUrl}/mod/lti/services.php/2/lineitems/{i}/lineitem?type_id=1", ["label"] = $"Column {i}",
                ["scoreMaximum"] = 100, ["resourceId"] = $"requirement:{i}", ["tag"] = "microcred",
            });
        var (grades, registration) = await ServicesAsync();
        platform.IgnoresLineItemFilter = true;

        var found = await grades.FindOrCreateLineItemAsync(registration, platform.LineItemsUrl, "requirement:3", "microcred", "Final exam", 100, "7", default);
        found.Id.Should().Contain("/lineitems/3/lineitem?type_id=1", "it is on the second page of a list the platform did not filter");
        platform.ServiceRequests.Should().Contain(r => r.Contains("page=1"), "the Link rel=next was followed");
        platform.IgnoresLineItemFilter = false;
        platform.LineItems.Should().HaveCount(3);

        var created = await grades.FindOrCreateLineItemAsync(registration, platform.LineItemsUrl, "program:scm", "microcred", "SCM progress", 100, "8", default);
        created.Label.Should().Be("SCM progress");
        platform.LineItems.Should().HaveCount(4);
        platform.LineItems[^1]["resourceLinkId"]!.GetValue<string>().Should().Be("8");
    }

    [Fact]
    public async Task Scores_reach_the_gradebook_and_a_learner_the_platform_cannot_grade_stops_no_one_else()
    {
        var (grades, registration) = await ServicesAsync();
        var column = await grades.FindOrCreateLineItemAsync(registration, platform.LineItemsUrl, "program:scm", null, "SCM progress", 100, null, default);
        platform.UngradableUsers.Add("teacher-1");

        var outcomes = await grades.PostScoresAsync(registration, column.Id,
        [
            Score("learner-1", 40), Score("teacher-1", 100), Score("learner-2", 80),
        ], default);

        outcomes.Select(o => (o.UserId, o.Posted, o.Status)).Should().Equal(("learner-1", true, null), ("teacher-1", false, 400), ("learner-2", true, null));
        platform.ServiceRequests.Should().Contain(r => r.StartsWith("POST /mod/lti/services.php/2/lineitems/1/lineitem/scores?type_id=1"),
            "Moodle's query string stays on the URL the scores segment is added to");
        var results = await grades.GetResultsAsync(registration, column.Id, default);
        results.Select(r => (r!["userId"]!.GetValue<string>(), r["resultScore"]!.GetValue<double>())).Should()
            .BeEquivalentTo([("learner-1", 40.0), ("learner-2", 80.0)]);
    }

    [Fact]
    public async Task A_busy_platform_and_Canvas_s_rate_limit_are_retried_with_backoff()
    {
        var (grades, registration) = await ServicesAsync();
        var column = await grades.FindOrCreateLineItemAsync(registration, platform.LineItemsUrl, "program:scm", null, "SCM progress", 100, null, default);
        foreach (var status in new[] { 429, 503, 403 }) platform.ServiceFailures.Enqueue(status);

        var outcomes = await grades.PostScoresAsync(registration, column.Id, [Score("learner-1", 55)], default);

        outcomes.Should().ContainSingle().Which.Posted.Should().BeTrue();
        platform.ServiceRequests.Count(r => r.Contains("/scores")).Should().Be(4, "three refusals, then the score");
    }

    [Fact]
    public async Task The_access_token_comes_from_a_client_assertion_jose_verifies_and_is_reused_until_it_expires()
    {
        var (grades, registration) = await ServicesAsync();
        var column = await grades.FindOrCreateLineItemAsync(registration, platform.LineItemsUrl, "program:scm", null, "SCM progress", 100, null, default);
        await grades.PostScoresAsync(registration, column.Id, [Score("learner-1", 10), Score("learner-2", 20)], default);

        platform.TokenRequests.Should().Be(1);
        var directory = Directory.CreateTempSubdirectory("microcred-assertion-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "jwks.json"), await platform.ToolKeySet!());
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "assertion.jwt"), platform.LastClientAssertion);
            var verified = await NodeScripts.RunAsync("verify-jwt.mjs", Path.Combine(directory.FullName, "jwks.json"),
                Path.Combine(directory.FullName, "assertion.jwt"), platform.ClientId, $"{platform.BaseUrl}/mod/lti/token.php");
            verified["valid"]!.GetValue<bool>().Should().BeTrue(verified.ToJsonString());
            verified["payload"]!["sub"]!.GetValue<string>().Should().Be(platform.ClientId);
            verified["payload"]!["jti"].Should().NotBeNull();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("https://moodle.example.edu/mod/lti/services.php/2/lineitems/5/lineitem?type_id=1", "https://moodle.example.edu/mod/lti/services.php/2/lineitems/5/lineitem/scores?type_id=1")]
    [InlineData("https://canvas.example.edu/api/lti/courses/1/line_items/9", "https://canvas.example.edu/api/lti/courses/1/line_items/9/scores")]
    [InlineData("https://lms.example.edu/lineitems/9/", "https://lms.example.edu/lineitems/9/scores")]
    public void The_scores_endpoint_is_the_line_item_s_path_plus_scores_with_its_query_kept(string lineItem, string scores) =>
        AssignmentGradeService.WithSegment(lineItem, "scores").Should().Be(scores);

    private static Score Score(string user, double given) =>
        new(user, given, 100, "Completed", "FullyGraded", DateTimeOffset.UtcNow);

    private async Task<(AssignmentGradeService Grades, PlatformRegistration Registration)> ServicesAsync() =>
        (tool.Services.GetRequiredService<AssignmentGradeService>(), await world.RegistrationAsync());
}
