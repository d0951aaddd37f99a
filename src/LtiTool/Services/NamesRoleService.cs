using System.Text.Json.Nodes;
using MicroCredLti.LtiTool.Registration;
using MicroCredLti.XapiCollector.Learners;
using MicroCredLti.XapiCollector.Model;

namespace MicroCredLti.LtiTool.Services;

/// <summary>One member of a course as the platform lists it (NRPS 2.0, 2.2).</summary>
public sealed record CourseMember(
    string UserId, string Status, string? Name, string? Email, IReadOnlyList<string> Roles, string? StudentId);

/// <summary>
/// Names and Role Provisioning Services 2.0: a course's members, across pages, optionally those of one resource link
/// (<c>rlid</c>). Each member becomes a learner the tool knows, linked by the same account identity a launch would give
/// (issuer and <c>sub</c>) and by <c>lis_person_sourcedid</c> when the platform sends it, so instructors see the whole
/// roster, not only those who have launched.
/// </summary>
public sealed class NamesRoleService
{
    public const string MembershipScope = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
    private const string MembershipMediaType = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";
    private static readonly string[] Scopes = [MembershipScope];

    private readonly PlatformServiceClient client;

    internal NamesRoleService(PlatformServiceClient client) => this.client = client;

    internal async Task<IReadOnlyList<CourseMember>> GetMembersAsync(PlatformRegistration platform, string contextMembershipsUrl, string? resourceLinkId,
        CancellationToken cancellationToken)
    {
        var members = new List<CourseMember>();
        var url = resourceLinkId is null
            ? contextMembershipsUrl
            : Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(contextMembershipsUrl, "rlid", resourceLinkId);
        for (var page = url; page is not null;)
        {
            using var response = await client.SendAsync(platform, Scopes, HttpMethod.Get, page, MembershipMediaType, cancellationToken: cancellationToken);
            var container = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonObject;
            foreach (var member in (container?["members"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (PlatformAnswers.Text(member, "user_id") is not { } userId) continue;
                members.Add(new CourseMember(userId, PlatformAnswers.Text(member, "status") ?? "Active", PlatformAnswers.Text(member, "name"), PlatformAnswers.Text(member, "email"),
                    (member["roles"] as JsonArray ?? []).Select(r => (r as JsonValue)?.TryGetValue<string>(out var role) == true ? role : null).OfType<string>().ToList(),
                    PlatformAnswers.Text(member, "lis_person_sourcedid")));
            }
            page = PlatformServiceClient.NextPage(response);
        }
        return members;
    }

    /// <summary>Links every active member to a learner; returns how many were linked.</summary>
    internal async Task<int> LinkRosterAsync(PlatformRegistration platform, IReadOnlyList<CourseMember> members, ILearnerDirectory learners,
        CancellationToken cancellationToken)
    {
        var linked = 0;
        foreach (var member in members.Where(m => m.Status == "Active"))
        {
            await learners.LinkAsync(Agent.ForAccount(platform.Issuer, member.UserId, member.Name), member.StudentId, cancellationToken);
            linked++;
        }
        return linked;
    }
}
