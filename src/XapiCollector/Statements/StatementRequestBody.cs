using MicroCredLti.XapiCollector.Attachments;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace MicroCredLti.XapiCollector.Statements;

/// <summary>
/// The body of a statement PUT or POST as sent (xAPI 1.0.3 Part Three 1.5): the statements' JSON, and for
/// multipart/mixed the attachment parts that follow it.
/// </summary>
internal sealed record StatementRequestBody(byte[] Json, IReadOnlyList<AttachmentPart> Parts)
{
    /// <summary>Reads the whole body, refusing it as soon as it grows past <paramref name="maxBytes"/>.</summary>
    public static async Task<(StatementRequestBody? Body, IResult? Refusal)> ReadAsync(HttpRequest request, long maxBytes,
        CancellationToken cancellationToken)
    {
        var isJson = request.HasJsonContentType();
        MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType);
        var isMultipart = mediaType?.MediaType.Equals("multipart/mixed", StringComparison.OrdinalIgnoreCase) == true;
        if (!isJson && !isMultipart)
            return (null, XapiProblems.ContentTypeUnsupported.Result(
                $"The body was sent as '{request.ContentType}'; send application/json, or multipart/mixed with attachments."));

        var bytes = await ReadLimitedAsync(request, maxBytes, cancellationToken);
        if (bytes is null)
            return (null, XapiProblems.RequestTooLarge.Result($"The statement resource accepts bodies of up to {maxBytes} bytes."));
        if (isJson) return (new StatementRequestBody(bytes, []), null);
        return await ReadMultipartAsync(mediaType!, bytes, cancellationToken);
    }

    private static async Task<byte[]?> ReadLimitedAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) return null;
        // The server's own limit (Kestrel's 30 MB by default) gives way to the collector's, which is checked while reading,
        // so that an oversized body is refused with the collector's problem whether or not it announced its length.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes + 1;

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Part Three 1.5.2: the first part is the statements as application/json; every later part is one attachment's
    /// content, sent with Content-Transfer-Encoding binary and the SHA-2 of that content in X-Experience-API-Hash.
    /// </summary>
    private static async Task<(StatementRequestBody?, IResult?)> ReadMultipartAsync(MediaTypeHeaderValue mediaType, byte[] bytes,
        CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary))
            return Malformed("Content-Type", "multipart/mixed needs a boundary parameter");

        var reader = new MultipartReader(boundary, new MemoryStream(bytes, writable: false)) { BodyLengthLimit = null };
        try
        {
            var first = await reader.ReadNextSectionAsync(cancellationToken);
            if (first is null) return Malformed("part[0]", "the body holds no part delimited by its boundary");
            if (!MediaTypeHeaderValue.TryParse(first.ContentType, out var firstType)
                || !firstType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
                return Malformed("part[0]", "the first part is the statements, sent as application/json");
            var json = await ReadAllAsync(first.Body, cancellationToken);

            var parts = new List<AttachmentPart>();
            var errors = new Dictionary<string, string[]>();
            for (var section = await reader.ReadNextSectionAsync(cancellationToken); section is not null;
                 section = await reader.ReadNextSectionAsync(cancellationToken))
            {
                var index = parts.Count + errors.Count + 1;
                var problems = new List<string>();
                var hash = section.Headers?.TryGetValue(AttachmentPart.HashHeader, out var hashValue) == true ? hashValue.ToString().Trim() : "";
                if (hash.Length == 0) problems.Add($"an attachment part carries the SHA-2 of its content in {AttachmentPart.HashHeader}");
                var encoding = section.Headers?.TryGetValue("Content-Transfer-Encoding", out var encodingValue) == true
                    ? encodingValue.ToString().Trim() : "";
                if (!encoding.Equals("binary", StringComparison.OrdinalIgnoreCase))
                    problems.Add("an attachment part is sent with Content-Transfer-Encoding: binary");
                var content = await ReadAllAsync(section.Body, cancellationToken);
                if (problems.Count > 0) errors[$"part[{index}]"] = [.. problems];
                else parts.Add(new AttachmentPart(index, hash, section.ContentType, content));
            }
            return errors.Count > 0
                ? (null, XapiProblems.MultipartMalformed.ValidationResult(errors, "Nothing in this request was stored."))
                : (new StatementRequestBody(json, parts), null);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return Malformed("multipart", $"the body is not multipart/mixed with boundary '{boundary}': {e.Message}");
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static (StatementRequestBody?, IResult?) Malformed(string key, string message) =>
        (null, XapiProblems.MultipartMalformed.ValidationResult(new Dictionary<string, string[]> { [key] = [message] },
            "Nothing in this request was stored."));
}
