using MicroCredLti.ServiceDefaults.ApiAccess;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MicroCredLti.LtiTool.Registration;

public sealed record PlatformList(IReadOnlyList<PlatformSummary> Platforms);

/// <summary>
/// The admin API over platform registrations (for automation, and the admin console later): what an LMS admin's
/// manual registration needs, while the tool runs. For API clients whose token grants <see cref="ApiScope.Admin"/>.
/// </summary>
internal static class PlatformEndpoints
{
    public const string Path = "/admin/lti/platforms";

    public static IEndpointRouteBuilder MapPlatformAdmin(this IEndpointRouteBuilder app)
    {
        var platforms = app.MapGroup(Path).WithTags("LTI platforms").RequireApiScope(ApiScope.Admin);
        platforms.MapGet("", async (PlatformDirectory directory, CancellationToken cancellationToken) =>
            TypedResults.Ok(new PlatformList(await directory.ListAsync(cancellationToken))))
            .WithName("ListPlatforms").WithSummary("Every registered platform with its deployments.");
        platforms.MapGet("/{id:guid}", async Task<Results<Ok<PlatformSummary>, ProblemHttpResult>> (Guid id, PlatformDirectory directory, CancellationToken cancellationToken) =>
                await directory.FindAsync(id, cancellationToken) is { } platform
                    ? TypedResults.Ok(platform)
                    : LtiProblems.PlatformNotFound.Result($"No platform has id {id}."))
            .WithName("GetPlatform").WithSummary("One platform registration.");
        platforms.MapPost("", async (PlatformInput input, PlatformDirectory directory, CancellationToken cancellationToken) =>
                Answer(await directory.AddAsync(input, PlatformSource.Admin, cancellationToken), created: true))
            .WithName("RegisterPlatform").WithSummary("Registers a platform (issuer, client_id, endpoints, deployments); launches from it work at once.");
        platforms.MapPut("/{id:guid}", async (Guid id, PlatformInput input, PlatformDirectory directory, CancellationToken cancellationToken) =>
                Answer(await directory.ReplaceAsync(id, input, cancellationToken), created: false))
            .WithName("ChangePlatform").WithSummary("Replaces a platform's registration, its deployments included.");
        platforms.MapDelete("/{id:guid}", async (Guid id, PlatformDirectory directory, CancellationToken cancellationToken) =>
                await directory.RemoveAsync(id, cancellationToken) is PlatformChange.Refused refused
                    ? (IResult)refused.Problem.Result(refused.Reason)
                    : TypedResults.NoContent())
            .WithName("RemovePlatform").WithSummary("Removes a platform and its deployments; launches from it are refused from then on.");
        return app;
    }

    private static IResult Answer(PlatformChange change, bool created) => change switch
    {
        PlatformChange.Done { Platform: var platform } when created => TypedResults.Created($"{Path}/{platform.Id}", platform),
        PlatformChange.Done { Platform: var platform } => TypedResults.Ok(platform),
        PlatformChange.Refused { Errors: { } errors } refused => refused.Problem.ValidationResult(errors.ToDictionary(e => e.Key, e => e.Value), refused.Reason),
        PlatformChange.Refused refused => refused.Problem.Result(refused.Reason),
        _ => throw new InvalidOperationException("A change to the platforms is done or refused."),
    };
}
