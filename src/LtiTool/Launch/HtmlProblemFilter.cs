using MicroCredLti.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;

namespace MicroCredLti.LtiTool.Launch;

/// <summary>
/// Login and launch are pages in the learner's browser, inside the LMS: there a refused launch is shown as a page
/// that says what to do, with the same status code. Clients that do not ask for HTML get the problem+json.
/// </summary>
internal sealed class HtmlProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var problem = result switch
        {
            ProblemHttpResult direct => direct,
            INestedHttpResult { Result: ProblemHttpResult nested } => nested,
            _ => null,
        };
        if (problem is null || !ProblemPage.Prefers(context.HttpContext.Request))
            return result;
        var details = problem.ProblemDetails;
        ProblemLogging.Complete(context.HttpContext, details);
        return TypedResults.Content(ProblemPage.Render(details.Title, details.Detail, details.Extensions[ProblemType.CodeMember]?.ToString()),
            "text/html; charset=utf-8", statusCode: problem.StatusCode);
    }
}
