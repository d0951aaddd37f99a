using System.Security.Claims;
using MicroCredLti.ServiceDefaults.ApiAccess;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace MicroCredLti.XapiCollector.Credentials;

/// <summary>A client to create: <see cref="Name"/> defaults to the key, no <see cref="Scopes"/> to the spec's default.</summary>
public sealed record NewLrsClient(string? Key, string? Name, IReadOnlyList<string>? Scopes, IReadOnlyList<string>? Repairs);

/// <summary>A client with the secret just issued to it: the only time the secret is shown.</summary>
public sealed record IssuedLrsClient(LrsClientSummary Client, string Secret);

public sealed record LrsClientList(IReadOnlyList<LrsClientSummary> Clients);

/// <summary>
/// The admin API over LRS clients, for automation (and, later, an admin console): what <c>lrs-client</c> does on the
/// command line, over HTTP, for API clients whose token grants <see cref="ApiScope.Admin"/>. Secrets are in a response
/// once, when issued, and never cached (RFC 9111 5.2.2.5).
/// </summary>
internal static partial class LrsClientEndpoints
{
    public const string Path = "/admin/lrs-clients";

    public static IEndpointRouteBuilder MapLrsClientAdmin(this IEndpointRouteBuilder app)
    {
        var clients = app.MapGroup(Path).WithTags("LRS clients").RequireApiScope(ApiScope.Admin);
        clients.MapGet("", ListAsync).WithName("ListLrsClients").WithSummary("Every LRS client, revoked ones included; never their secrets.");
        clients.MapGet("/{key}", GetAsync).WithName("GetLrsClient").WithSummary("One LRS client.");
        clients.MapPost("", CreateAsync).WithName("CreateLrsClient").WithSummary("Creates an LRS client and shows its secret, once.");
        clients.MapPost("/{key}/rotate", RotateAsync).WithName("RotateLrsClientSecret")
            .WithSummary("Gives an LRS client a new secret, shown once; the old one stops working at once.");
        clients.MapDelete("/{key}", RevokeAsync).WithName("RevokeLrsClient")
            .WithSummary("Revokes an LRS client: it can no longer authenticate; what it stored stays.");
        return app;
    }

    public static async Task<Ok<LrsClientList>> ListAsync(LrsClientRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(new LrsClientList(await registry.ListAsync(cancellationToken)));

    public static async Task<Results<Ok<LrsClientSummary>, ProblemHttpResult>> GetAsync(
        string key, LrsClientRegistry registry, CancellationToken cancellationToken) =>
        await registry.FindAsync(key, cancellationToken) is { } client
            ? TypedResults.Ok(client)
            : XapiProblems.ClientNotFound.Result($"No client has key '{key}'.");

    public static async Task<Results<Created<IssuedLrsClient>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        NewLrsClient request, LrsClientRegistry registry, HttpContext http, ILogger<LrsClientRegistry> log, CancellationToken cancellationToken)
    {
        switch (await registry.AddAsync(request.Key, request.Name, request.Scopes, request.Repairs, cancellationToken))
        {
            case ClientChange.Done { Secret: { } issued } done:
                Changed(log, done.Client.Key, "created", ApiClientOf(http.User));
                http.Response.Headers.CacheControl = "no-store";
                return TypedResults.Created($"{Path}/{done.Client.Key}", new IssuedLrsClient(done.Client, issued.Secret));
            case ClientChange.Refused { Errors: { } errors } refused:
                return refused.Problem.ValidationResult(errors.ToDictionary(e => "$." + e.Key, e => e.Value), refused.Reason);
            case ClientChange.Refused refused:
                return refused.Problem.Result(refused.Reason);
            default:
                throw new InvalidOperationException("Creating a client issues a secret or is refused.");
        }
    }

    public static async Task<Results<Ok<IssuedLrsClient>, ProblemHttpResult>> RotateAsync(
        string key, LrsClientRegistry registry, HttpContext http, ILogger<LrsClientRegistry> log, CancellationToken cancellationToken)
    {
        switch (await registry.RotateAsync(key, cancellationToken))
        {
            case ClientChange.Done { Secret: { } issued } done:
                Changed(log, key, "given a new secret", ApiClientOf(http.User));
                http.Response.Headers.CacheControl = "no-store";
                return TypedResults.Ok(new IssuedLrsClient(done.Client, issued.Secret));
            case ClientChange.Refused refused:
                return refused.Problem.Result(refused.Reason);
            default:
                throw new InvalidOperationException("Rotating a secret issues one or is refused.");
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        string key, LrsClientRegistry registry, HttpContext http, ILogger<LrsClientRegistry> log, CancellationToken cancellationToken)
    {
        switch (await registry.RevokeAsync(key, cancellationToken))
        {
            case ClientChange.Done:
                Changed(log, key, "revoked", ApiClientOf(http.User));
                return TypedResults.NoContent();
            case ClientChange.Refused refused:
                return refused.Problem.Result(refused.Reason);
            default:
                throw new InvalidOperationException("Revoking a client is done or refused.");
        }
    }

    private static string ApiClientOf(ClaimsPrincipal user) => user.FindFirst("sub")?.Value ?? "an unnamed API client";

    /// <summary>Who changed which client's access, for the audit trail: the API client's id from its token.</summary>
    [LoggerMessage(EventId = 3089, EventName = "xapi.client_changed", Level = LogLevel.Information,
        Message = "LRS client {Key} was {Change} through the admin API by {ApiClient}.")]
    private static partial void Changed(ILogger log, string key, string change, string apiClient);
}
