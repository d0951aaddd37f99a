using System.Security.Claims;
using MicroCredLti.ServiceDefaults.ApiAccess;
using MicroCredLti.XapiCollector.Agents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace MicroCredLti.XapiCollector.Erasure;

/// <summary>
/// The admin API for deleting learning records for good: an agent's erasure and a retention purge, each with a dry run
/// that reports what it would delete, and the audit of both. For API clients whose token grants <see cref="ApiScope.Admin"/>.
/// </summary>
internal static class ErasureEndpoints
{
    public const string Path = "/admin/xapi";

    public static IEndpointRouteBuilder MapErasureAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup(Path).WithTags("LRS erasure").RequireApiScope(ApiScope.Admin);
        admin.MapPost("/erasures", EraseAsync).WithName("EraseAgent")
            .WithSummary("Deletes everything about an agent, or with dryRun reports what it would; refused while awards cite its statements, unless forced.");
        admin.MapPost("/retention-purges", PurgeAsync).WithName("PurgeStoredBefore")
            .WithSummary("Deletes the statements stored before a cut-off, keeping those awards cite unless forced; dryRun reports what it would delete.");
        admin.MapGet("/erasures", ListAsync).WithName("ListErasures").WithSummary("The audit of erasures and purges, dry runs included, newest first.");
        return app;
    }

    public static async Task<Results<Ok<ErasureReport>, ValidationProblem, ProblemHttpResult>> EraseAsync(
        AgentErasureRequest request, StatementErasure erasure, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (agent, error) = AgentParameter.Parse(request.Agent?.GetRawText(), allowGroup: false);
        if (agent is null)
            return XapiProblems.ErasureInvalid.ValidationResult(new Dictionary<string, string[]> { ["$.agent"] = [error!.Replace("agent parameter", "agent")] },
                "Nothing was deleted.");
        return await erasure.EraseAgentAsync(agent, request.DryRun, request.Force, RequesterOf(user), request.Reason, cancellationToken) switch
        {
            ErasureOutcome.Done done => TypedResults.Ok(done.Report),
            ErasureOutcome.EvidenceCited cited => XapiProblems.EvidenceCited.Result(
                $"Issued awards cite {cited.Report.CitedStatements.Count} of the agent's {cited.Report.Statements} statements; nothing was deleted. " +
                "Send force: true to delete them too, which withdraws those awards.",
                new Dictionary<string, object?> { ["citedStatements"] = cited.Report.CitedStatements }),
            _ => throw new InvalidOperationException("An erasure is done or refused."),
        };
    }

    public static async Task<Results<Ok<ErasureReport>, ValidationProblem>> PurgeAsync(
        RetentionPurgeRequest request, StatementErasure erasure, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (request.StoredBefore is not { } cutOff || cutOff > clock.GetUtcNow())
            return XapiProblems.ErasureInvalid.ValidationResult(
                new Dictionary<string, string[]> { ["$.storedBefore"] = ["A purge needs storedBefore, an instant that is not in the future."] },
                "Nothing was deleted.");
        return TypedResults.Ok(await erasure.PurgeAsync(cutOff, request.DryRun, request.Force, RequesterOf(user), request.Reason, cancellationToken));
    }

    public static async Task<Ok<ErasureList>> ListAsync(StatementErasure erasure, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ErasureList(await erasure.ListAsync(cancellationToken)));

    private static string RequesterOf(ClaimsPrincipal user) => user.FindFirst("sub")?.Value ?? "an unnamed API client";
}
