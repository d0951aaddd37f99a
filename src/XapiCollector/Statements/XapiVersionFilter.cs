using Microsoft.AspNetCore.Http;

namespace MicroCredLti.XapiCollector.Statements;

/// <summary>
/// Every xAPI request carries X-Experience-API-Version and every response answers with the version used
/// (xAPI 1.0.3 Part Three, 6.2; IEEE 9274.1.1 for 2.0).
/// </summary>
internal sealed class XapiVersionFilter : IEndpointFilter
{
    public const string Header = "X-Experience-API-Version";
    public static readonly string[] Supported = ["1.0.3", "2.0.0"];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var requested = http.Request.Headers[Header].ToString();
        var version = requested.StartsWith("2.0", StringComparison.Ordinal) ? "2.0.0"
            : requested.StartsWith("1.0", StringComparison.Ordinal) ? "1.0.3"
            : null;
        http.Response.Headers[Header] = version ?? Supported[0];
        if (version is null)
            return XapiProblems.VersionMissing.Result($"Send the {Header} header with 1.0.x or 2.0.x.");
        return await next(context);
    }
}
