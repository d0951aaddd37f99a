using System.Text.Json;
using MicroCredLti.LtiTool.Registration;
using MicroCredLti.XapiCollector.Model;

namespace MicroCredLti.LtiTool.Launch;

/// <summary>
/// The xAPI statement a launch is recorded as. The learner is the platform account
/// <c>{homePage: issuer, name: sub}</c>; for Moodle that is the same account its logstore_xapi plugin reports.
/// </summary>
internal static class LaunchStatement
{
    public static Agent Learner(PlatformRegistration platform, LtiLaunch launch) =>
        Agent.ForAccount(platform.Issuer, launch.Subject!, launch.Name);

    public static Statement For(PlatformRegistration platform, LtiLaunch launch, string toolBaseUrl, DateTimeOffset launchedAt)
    {
        var platformPath = $"{toolBaseUrl}/lti/platforms/{platform.Id}";
        var context = new Context
        {
            Platform = platform.Name,
            Extensions = new Dictionary<string, JsonElement>
            {
                [LtiLaunch.ClaimPrefix + "deployment_id"] = JsonSerializer.SerializeToElement(launch.DeploymentId),
                [LtiLaunch.ClaimPrefix + "roles"] = JsonSerializer.SerializeToElement(launch.Roles),
            },
        };
        if (launch.ContextId is not null)
            context.ContextActivities = new ContextActivities
            {
                Parent =
                [
                    StatementTarget.ForActivity($"{platformPath}/contexts/{Uri.EscapeDataString(launch.ContextId)}", new ActivityDefinition
                    {
                        Type = "http://adlnet.gov/expapi/activities/course",
                        Name = launch.ContextTitle is null ? null : new() { ["und"] = launch.ContextTitle },
                    }),
                ],
            };

        return new Statement
        {
            Id = Guid.NewGuid(),
            Actor = Learner(platform, launch),
            Verb = new Verb { Id = Verbs.Launched, Display = new() { ["en-US"] = "launched" } },
            Object = StatementTarget.ForActivity($"{platformPath}/resource-links/{Uri.EscapeDataString(launch.ResourceLinkId!)}", new ActivityDefinition
            {
                Type = "http://adlnet.gov/expapi/activities/link",
                Name = launch.ResourceLinkTitle is null ? null : new() { ["und"] = launch.ResourceLinkTitle },
            }),
            Context = context,
            Timestamp = launchedAt.ToString("O"),
        };
    }
}
