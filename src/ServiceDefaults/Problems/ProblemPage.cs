using System.Net;

namespace MicroCredLti.ServiceDefaults.Problems;

/// <summary>A problem as a page, for a person looking at it in a browser (or in an LMS's frame).</summary>
public static class ProblemPage
{
    public static string Render(string? title, string? detail, string? code) => $"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>MicroCred – {WebUtility.HtmlEncode(title)}</title></head>
        <body>
          <main role="alert">
            <h1>{WebUtility.HtmlEncode(title)}</h1>
            <p>{WebUtility.HtmlEncode(detail)}</p>
            <p><small>Reference: {WebUtility.HtmlEncode(code)}</small></p>
          </main>
        </body>
        </html>
        """;

    /// <summary>Writes <paramref name="problem"/> as the response's page, with its status, and its log line.</summary>
    public static async Task WriteAsync(Microsoft.AspNetCore.Http.HttpContext http, Microsoft.AspNetCore.Mvc.ProblemDetails problem, string code,
        CancellationToken cancellationToken)
    {
        ProblemLogging.Complete(http, problem);
        http.Response.StatusCode = problem.Status ?? 500;
        http.Response.ContentType = "text/html; charset=utf-8";
        await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(http.Response, Render(problem.Title, problem.Detail, code), cancellationToken);
    }

    public static bool Prefers(Microsoft.AspNetCore.Http.HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
