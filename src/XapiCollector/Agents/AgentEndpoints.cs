using System.Text.Json.Serialization;
using MicroCredLti.XapiCollector.Documents;
using MicroCredLti.XapiCollector.Learners;
using MicroCredLti.XapiCollector.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MicroCredLti.XapiCollector.Agents;

/// <summary>
/// The Agents resource (xAPI 1.0.3 Part Three 2.4): the Person the LRS knows behind an Agent. A learner who acts under
/// several LMS accounts (linked by student id) is one Person with all of those accounts.
/// </summary>
internal static class AgentEndpoints
{
    public static IEndpointRouteBuilder MapAgentsResource(this IEndpointRouteBuilder resources)
    {
        resources.MapMethods("/agents", [HttpMethods.Get, HttpMethods.Head], GetAsync)
            .RequireAuthorization(XapiCollectorExtensions.ReadPolicy(Credentials.LrsScopes.StatementsReadMine));
        return resources;
    }

    private static async Task<IResult> GetAsync(HttpRequest request, LearnerDirectory learners, CancellationToken cancellationToken)
    {
        if (request.Query.Keys.FirstOrDefault(k => k != "agent") is { } unknown)
            return DocumentProblems.AgentParameterInvalid.Result($"The Agents resource does not take a '{unknown}' parameter.");
        if (request.Query["agent"].Count > 1)
            return DocumentProblems.AgentParameterInvalid.Result("The agent parameter is given more than once.");
        var (agent, error) = AgentParameter.Parse(request.Query["agent"], allowGroup: false);
        if (error is not null) return DocumentProblems.AgentParameterInvalid.Result(error);

        var identifiers = await learners.IdentifiersOfSameLearnerAsync(AgentIdentifier.Of(agent!)!, cancellationToken);
        // The agent as asked for first, as it was written; then the learner's other identifiers.
        return TypedResults.Ok(Person.Of([agent!, .. identifiers.Skip(1).Select(AgentIdentifier.ToAgent)]));
    }
}

/// <summary>A Person Object (xAPI 1.0.3 Part Three 2.4): every property an array, several identifiers allowed.</summary>
internal sealed record Person(
    string ObjectType,
    IReadOnlyList<string> Name,
    IReadOnlyList<string> Mbox,
    [property: JsonPropertyName("mbox_sha1sum")] IReadOnlyList<string> MboxSha1Sum,
    IReadOnlyList<string> Openid,
    IReadOnlyList<Account> Account)
{
    public static Person Of(IReadOnlyList<Agent> agents) => new(
        "Person",
        Distinct(agents.Select(a => a.Name)),
        Distinct(agents.Select(a => a.Mbox)),
        Distinct(agents.Select(a => a.MboxSha1Sum)),
        Distinct(agents.Select(a => a.Openid)),
        agents.Select(a => a.Account).OfType<Account>().DistinctBy(a => (a.HomePage, a.Name)).ToList());

    private static List<string> Distinct(IEnumerable<string?> values) => values.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
}
