using MicroCredLti.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace MicroCredLti.Host.Hosting;

/// <summary>
/// Lets each authentication scheme challenge in its own way (WWW-Authenticate), then gives the 401 or 403 a
/// problem+json body when the scheme left it empty.
/// </summary>
internal sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler defaults = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        await defaults.HandleAsync(next, context, policy, result);
        if ((result.Challenged || result.Forbidden) && !context.Response.HasStarted)
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = result.Challenged
                    ? Problem(CommonProblems.AuthenticationRequired, "Send a valid access token or credentials with the request.")
                    : Problem(CommonProblems.Forbidden, "Your credentials do not grant access to this resource."),
            });
    }

    private static ProblemDetails Problem(ProblemType type, string detail) => new()
    {
        Status = type.Status, Title = type.Title, Detail = detail, Extensions = { [ProblemType.CodeMember] = type.Code },
    };
}
