using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace MicroCredLti.Tests.Infrastructure;

/// <summary>
/// A multipart/mixed statement request as xAPI clients send one (Part Three 1.5.2): the statements as the first part,
/// then one part per attachment. Written byte by byte, so that tests can also send what a careless client would.
/// </summary>
public static class StatementParts
{
    public const string Boundary = "xapi-test-boundary-314159";

    /// <summary>One attachment part: its content, and the headers sent with it (null leaves a header out).</summary>
    public sealed record Part(byte[] Content, string? ContentType = "text/plain", string? Hash = "", string? TransferEncoding = "binary")
    {
        public static Part Text(string text) => new(Encoding.UTF8.GetBytes(text));
    }

    public static HttpContent Multipart(JsonNode statements, params Part[] parts) =>
        Multipart(statements.ToJsonString(), "application/json", parts);

    public static HttpContent Multipart(string firstPart, string firstPartType, params Part[] parts)
    {
        var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        Write($"--{Boundary}\r\nContent-Type: {firstPartType}\r\n\r\n{firstPart}\r\n");
        foreach (var part in parts)
        {
            Write($"--{Boundary}\r\n");
            if (part.ContentType is not null) Write($"Content-Type: {part.ContentType}\r\n");
            if (part.TransferEncoding is not null) Write($"Content-Transfer-Encoding: {part.TransferEncoding}\r\n");
            if (part.Hash is not null) Write($"X-Experience-API-Hash: {(part.Hash.Length == 0 ? Sha256(part.Content) : part.Hash)}\r\n");
            Write("\r\n");
            body.Write(part.Content);
            Write("\r\n");
        }
        Write($"--{Boundary}--\r\n");
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/mixed; boundary={Boundary}");
        return content;
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The statement's attachment metadata for <paramref name="content"/> (Data 2.4.11), without a fileUrl.</summary>
    public static JsonObject AttachmentFor(byte[] content, string contentType = "text/plain",
        string usageType = "http://id.tincanapi.com/attachment/certificate-of-completion") => new()
    {
        ["usageType"] = usageType,
        ["display"] = new JsonObject { ["en-US"] = "Certificate" },
        ["contentType"] = contentType,
        ["length"] = content.Length,
        ["sha2"] = Sha256(content),
    };

    public static JsonObject WithAttachments(this JsonObject statement, params JsonObject[] attachments)
    {
        statement["attachments"] = new JsonArray(attachments.Select(a => a.DeepClone()).ToArray());
        return statement;
    }

    /// <summary>Statements as the array a request sends (copies: a fixture's statement still belongs to its file's array).</summary>
    public static JsonArray Batch(params JsonObject[] statements) => new(statements.Select(s => s.DeepClone()).ToArray());
}
