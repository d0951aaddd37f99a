using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MicroCredLti.XapiCollector.Statements;

/// <summary>
/// Every xAPI request carries X-Experience-API-Version and every response answers with the version used: a 1.0.x
/// request is answered as 1.0.3, a 2.0.x request as 2.0.0 (xAPI 1.0.3 Part Three 3.3; IEEE 9274.1.1 for 2.0), and one
/// that names no supported version as the deployment's <see cref="XapiCollectorOptions.DefaultVersion"/>.
/// </summary>
internal sealed partial class XapiVersionFilter : IEndpointFilter
{
    public const string Header = "X-Experience-API-Version";
    public const string Version103 = "1.0.3";
    public const string Version200 = "2.0.0";
    public static readonly string[] Supported = [Version103, Version200];

    private const string NegotiatedKey = "xapi.version";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var requested = http.Request.Headers[Header];
        var version = Negotiate(requested);
        http.Response.Headers[Header] = version ?? DefaultOf(http);
        if (requested.Count == 0 || string.IsNullOrEmpty(requested.ToString()))
            return XapiProblems.VersionMissing.Result($"Send the {Header} header with 1.0.x or 2.0.x.");
        if (version is null)
            return XapiProblems.VersionUnsupported.Result($"{Header} '{requested}' is not 1.0, 1.0.x, 2.0 or 2.0.x.");
        http.Items[NegotiatedKey] = version;
        return await next(context);
    }

    /// <summary>
    /// The version an LRS answers a request header with, or none for a missing, malformed or unsupported version:
    /// "1.0" counts as "1.0.0" and any 1.0.x patch is accepted (3.3); 2.0 likewise. One value only, and nothing around it.
    /// </summary>
    public static string? Negotiate(string? requested)
    {
        var match = requested is null ? null : VersionPattern().Match(requested);
        if (match is not { Success: true }) return null;
        return match.Groups["major"].Value == "1" ? Version103 : Version200;
    }

    /// <summary>The version this request was answered with; the deployment's default if it names none this LRS supports.</summary>
    public static string Of(HttpContext http) => http.Items[NegotiatedKey] as string ?? Negotiate(http.Request.Headers[Header]) ?? DefaultOf(http);

    private static string DefaultOf(HttpContext http) =>
        http.RequestServices.GetService<IOptions<XapiCollectorOptions>>()?.Value.DefaultVersion ?? Supported[0];

    [GeneratedRegex(@"^(?<major>1|2)\.0(\.(0|[1-9][0-9]{0,8}))?$")]
    private static partial Regex VersionPattern();
}
