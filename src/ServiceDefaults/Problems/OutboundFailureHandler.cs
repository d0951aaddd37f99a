using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace MicroCredLti.ServiceDefaults.Problems;

/// <summary>
/// Turns failures that are not the product's bug into the problem they are: a platform or service that did not answer
/// (502/504), a request the client cut short, or a body the server refused to read (413/400). Anything else stays a
/// 500 for the default handler.
/// </summary>
internal sealed class OutboundFailureHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            http.Response.StatusCode = 499; // the client went away; nobody is left to read a body
            return true;
        }
        var (type, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: 413 } => (CommonProblems.TooLarge, "The request body is larger than this endpoint accepts."),
            BadHttpRequestException bad => (CommonProblems.BadRequest, bad.Message),
            InvalidDataException invalid => (CommonProblems.BadRequest, invalid.Message),
            HttpRequestException outbound => (CommonProblems.UpstreamUnreachable, $"An outbound call failed: {outbound.Message}"),
            TimeoutException or OperationCanceledException => (CommonProblems.UpstreamTimeout, "An outbound call took too long and was given up."),
            _ => (null, null),
        };
        if (type is null) return false;

        http.Response.StatusCode = type.Status;
        var problem = new ProblemDetails { Status = type.Status, Title = type.Title, Detail = detail, Extensions = { [ProblemType.CodeMember] = type.Code } };
        if (ProblemPage.Prefers(http.Request))
        {
            await ProblemPage.WriteAsync(http, problem, type.Code, cancellationToken);
            return true;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }
}
