using System.Text.Json.Nodes;
using MicroCredLti.LtiTool.Registration;
using MicroCredLti.LtiTool.Services;
using MicroCredLti.Tests.Infrastructure;
using MicroCredLti.XapiCollector.Learners;
using MicroCredLti.XapiCollector.Model;
using Microsoft.Extensions.DependencyInjection;

namespace MicroCredLti.Tests.Lti;

/// <summary>
/// Names and Role Provisioning Services: the whole roster of a course, across pages and for one resource link, linked
/// to learners by the identity a launch would give them and by their student id, so instructors see everyone.
/// </summary>
public sealed class RosterTests : IAsyncLifetime
{
    private LtiWorld world = null!;

    private PlatformEmulator platform => world.Platform;
    private ToolHost tool => world.Tool;

    public async Task InitializeAsync()
    {
        world = await LtiWorld.StartAsync();
        foreach (var (id, name, studentId, status, links) in new[]
                 {
                     ("11", "Ada Lovelace", "S-1001", "Active", new[] { "7" }), ("12", "Alan Turing", "S-1002", "Active", ["7", "8"]),
                     ("13", "Grace Hopper", null, "Active", ["8"]), ("14", "Left Early", "S-1004", "Inactive", ["7"]),
                     ("15", "Edsger Dijkstra", "S-1005", "Active", ["7"]),
                 })
        {
            var member = new JsonObject
            {
                ["status"] = status, ["name"] = name, ["user_id"] = id, ["email"] = $"{id}@example.edu",
                ["roles"] = new JsonArray("http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"),
            };
            if (studentId is not null) member["lis_person_sourcedid"] = studentId;
            platform.Members.Add((member, links));
        }
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task The_whole_roster_is_read_across_pages_and_one_resource_link_s_members_by_rlid()
    {
        var (roster, registration) = await ServicesAsync();

        var everyone = await roster.GetMembersAsync(registration, platform.MembershipsUrl, null, default);
        var unit = await roster.GetMembersAsync(registration, platform.MembershipsUrl, "7", default);

        everyone.Select(m => m.UserId).Should().Equal("11", "12", "13", "14", "15");
        unit.Select(m => m.UserId).Should().Equal("11", "12", "14", "15");
        everyone[0].StudentId.Should().Be("S-1001");
        platform.ServiceRequests.Should().Contain(r => r.Contains("rlid=7"));
    }

    [Fact]
    public async Task Active_members_become_learners_with_their_student_ids_before_they_ever_launch()
    {
        var (roster, registration) = await ServicesAsync();
        var members = await roster.GetMembersAsync(registration, platform.MembershipsUrl, null, default);
        await using var scope = tool.Services.CreateAsyncScope();
        var learners = scope.ServiceProvider.GetRequiredService<ILearnerDirectory>();

        (await roster.LinkRosterAsync(registration, members, learners, default)).Should().Be(4, "the inactive member is left out");

        var turing = await learners.LinkAsync(Agent.ForAccount(platform.Issuer, "12"), null);
        (await learners.StudentIdsAsync([turing]))[turing].Should().Be("S-1002", "the roster gave the learner the registrar's student id");
    }

    private async Task<(NamesRoleService Roster, PlatformRegistration Registration)> ServicesAsync() =>
        (tool.Services.GetRequiredService<NamesRoleService>(), await world.RegistrationAsync());
}
