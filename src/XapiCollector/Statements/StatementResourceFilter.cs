using Microsoft.AspNetCore.Http;

namespace MicroCredLti.XapiCollector.Statements;

/// <summary>
/// What every request to the Statement Resource gets, whatever it asks: the Consistent-Through header on every response
/// (2.1.3), and a 400 for parameters the method does not take (3.2).
/// </summary>
internal sealed class StatementResourceFilter(TimeProvider clock) : IEndpointFilter
{
    public const string ConsistentThroughHeader = "X-Experience-API-Consistent-Through";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        // Every batch commits whole before its POST or PUT returns, and takes its stored time just before it commits:
        // whatever is stored before now is readable now.
        http.Response.Headers[ConsistentThroughHeader] = clock.GetUtcNow().ToString("O");

        if (StatementParameters.CheckNames(http.Request.Method, http.Request.Query) is { } problem)
            return problem;
        return await next(context);
    }
}
