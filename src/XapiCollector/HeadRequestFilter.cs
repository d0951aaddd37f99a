using Microsoft.AspNetCore.Http;

namespace MicroCredLti.XapiCollector;

/// <summary>
/// An LRS answers HEAD as it answers GET, without the body (xAPI 1.0.3 Part Three 1.1): the GET handler runs, with the
/// same status and headers, and whatever it writes to the body is dropped.
/// </summary>
internal sealed class HeadRequestFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (HttpMethods.IsHead(context.HttpContext.Request.Method))
            context.HttpContext.Response.Body = Stream.Null;
        return next(context);
    }
}
