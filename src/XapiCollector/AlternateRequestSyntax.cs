using System.Text;
using MicroCredLti.XapiCollector.Statements;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace MicroCredLti.XapiCollector;

/// <summary>
/// xAPI 1.0.3's alternate request syntax (Part Three 1.3), for clients that can only send a form POST without headers:
/// <c>POST /xapi/statements?method=PUT</c> with the headers, the parameters and the body (<c>content</c>) as form fields.
/// The request is rewritten into the one it stands for before it is routed and authenticated, so every resource
/// answers it as it answers the usual syntax. xAPI 2.0 removed the syntax (IEEE 9274.1.1): a 2.0 request using it is refused.
/// </summary>
internal sealed class AlternateRequestSyntax(RequestDelegate next, IOptions<XapiCollectorOptions> options)
{
    public const string MethodParameter = "method";
    public const string ContentParameter = "content";

    /// <summary>Form fields the LRS treats as the request headers of the same name.</summary>
    private static readonly string[] HeaderParameters =
        ["Authorization", XapiVersionFilter.Header, "Content-Type", "Content-Length", "If-Match", "If-None-Match"];

    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head, HttpMethods.Put, HttpMethods.Post, HttpMethods.Delete];

    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (!request.Path.StartsWithSegments("/xapi") || !request.Query.ContainsKey(MethodParameter))
        {
            await next(http);
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            await RefuseAsync(http, XapiProblems.AlternateRequestInvalid, $"A request with a '{MethodParameter}' parameter is sent as POST, not {request.Method}.");
            return;
        }
        var method = Methods.FirstOrDefault(m => string.Equals(m, request.Query[MethodParameter], StringComparison.OrdinalIgnoreCase));
        if (method is null || request.Query[MethodParameter].Count > 1)
        {
            await RefuseAsync(http, XapiProblems.AlternateRequestInvalid, $"'{request.Query[MethodParameter]}' is not GET, HEAD, PUT, POST or DELETE.");
            return;
        }
        if (request.Query.Keys.FirstOrDefault(k => k != MethodParameter) is { } extra)
        {
            await RefuseAsync(http, XapiProblems.AlternateRequestInvalid, $"Only '{MethodParameter}' goes in the query string; send '{extra}' as a form field.");
            return;
        }
        if (!MediaTypeIs(request.ContentType, "application/x-www-form-urlencoded"))
        {
            await RefuseAsync(http, XapiProblems.AlternateRequestInvalid, "The alternate request syntax sends application/x-www-form-urlencoded form fields.");
            return;
        }

        var form = await request.ReadFormAsync(new FormOptions
        {
            ValueLengthLimit = (int)Math.Min(int.MaxValue, options.Value.MaxRequestBytes),
            KeyLengthLimit = 200,
        }, http.RequestAborted);

        var version = form.TryGetValue(XapiVersionFilter.Header, out var formVersion) ? formVersion.ToString() : request.Headers[XapiVersionFilter.Header].ToString();
        if (XapiVersionFilter.Negotiate(version) == XapiVersionFilter.Version200)
        {
            await RefuseAsync(http, XapiProblems.AlternateRequestRemoved, "Send the request as the method it is, with its headers and parameters (IEEE 9274.1.1).");
            return;
        }

        var query = new QueryBuilder();
        string? content = null;
        foreach (var (name, values) in form)
        {
            if (name == ContentParameter) content = values.ToString();
            else if (HeaderParameters.FirstOrDefault(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase)) is { } header)
                request.Headers[header] = values;
            else query.Add(name, values.ToArray()!);
        }

        // The content is a UTF-8 string (1.3); its length is the one the rewritten request has, whatever the form said.
        var body = content is null ? [] : Encoding.UTF8.GetBytes(content);
        request.Method = method;
        request.QueryString = query.ToQueryString();
        request.Body = new MemoryStream(body);
        request.ContentLength = body.Length;
        if (content is null) request.Headers.ContentType = default;
        else if (!form.Keys.Any(k => string.Equals(k, "Content-Type", StringComparison.OrdinalIgnoreCase))) request.ContentType = "application/json";
        http.Features.Set<IFormFeature>(null);

        await next(http);
    }

    private static async Task RefuseAsync(HttpContext http, ServiceDefaults.Problems.ProblemType problem, string detail)
    {
        http.Response.Headers[XapiVersionFilter.Header] = XapiVersionFilter.Of(http);
        await problem.Result(detail).ExecuteAsync(http);
    }

    private static bool MediaTypeIs(string? contentType, string mediaType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals(mediaType, StringComparison.OrdinalIgnoreCase);
}
