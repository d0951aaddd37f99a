using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredLti.XapiCollector.Attachments;
using Microsoft.AspNetCore.Http;

namespace MicroCredLti.XapiCollector.Statements;

/// <summary>
/// The answer to a GET with <c>attachments=true</c>: multipart/mixed, the statement or StatementResult first, then one
/// part per attachment the LRS holds the content of, each once however many statements carry it (xAPI 1.0.3 Part Three
/// 1.5.2, 2.1.3; Part Two 2.4.11). Attachments sent by fileUrl alone have no part.
/// </summary>
internal sealed class MultipartStatementResult(string json, IReadOnlyList<AttachmentContent> attachments) : IResult
{
    /// <summary>The SHA-2s of the attachments of these statements, and of their SubStatements.</summary>
    public static IEnumerable<string> Sha2s(IEnumerable<string> statements) => statements
        .Select(s => JsonNode.Parse(s)!)
        .SelectMany(s => new[] { s["attachments"], s["object"]?["attachments"] })
        .OfType<JsonArray>()
        .SelectMany(list => list.Select(a => a?["sha2"]?.GetValue<string>()))
        .OfType<string>();

    public async Task ExecuteAsync(HttpContext http)
    {
        var boundary = Guid.NewGuid().ToString("N");
        using var content = new MultipartContent("mixed", boundary) { new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var attachment in attachments)
        {
            var part = new ByteArrayContent(attachment.Content);
            part.Headers.ContentType = MediaTypeHeaderValue.TryParse(attachment.ContentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
            part.Headers.TryAddWithoutValidation("Content-Transfer-Encoding", "binary");
            part.Headers.TryAddWithoutValidation("X-Experience-API-Hash", attachment.Sha2);
            content.Add(part);
        }
        // The boundary unquoted: it is a token, and some clients read it without unquoting.
        http.Response.ContentType = $"multipart/mixed; boundary={boundary}";
        http.Response.ContentLength = content.Headers.ContentLength;
        if (!HttpMethods.IsHead(http.Request.Method))
            await content.CopyToAsync(http.Response.Body, http.RequestAborted);
    }
}
