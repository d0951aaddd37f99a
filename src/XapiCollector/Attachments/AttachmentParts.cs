using System.Security.Cryptography;
using MicroCredLti.XapiCollector.Model;
using MicroCredLti.XapiCollector.Statements;

namespace MicroCredLti.XapiCollector.Attachments;

/// <summary>
/// Pairs a request's attachment parts with its statements' attachments (xAPI 1.0.3 Part Two 2.4.11, Part Three 1.5.2):
/// each part's content has the SHA-2 its X-Experience-API-Hash header announces, each part belongs to an attachment
/// with that sha2, and each attachment without a fileUrl has its part.
/// </summary>
internal static class AttachmentParts
{
    /// <summary>The attachments' contents to store, or the errors that refuse the request, keyed by part or JSON path.</summary>
    public static (IReadOnlyList<AttachmentContent> Contents, Dictionary<string, string[]> Errors) Match(
        IReadOnlyList<Statement> statements, IReadOnlyList<AttachmentPart> parts)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var declared = Declared(statements).ToList();

        var received = new Dictionary<string, AttachmentPart>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts)
        {
            if (HashOf(part.Hash, part.Content) is not { } computed)
                errors[part.Path] = [$"{AttachmentPart.HashHeader} '{part.Hash}' is not a hex SHA-256, SHA-384 or SHA-512 digest"];
            else if (!computed.Equals(part.Hash, StringComparison.OrdinalIgnoreCase))
                errors[part.Path] = [$"the part's content hashes to {computed}, not to its {AttachmentPart.HashHeader} {part.Hash}"];
            else if (!declared.Any(d => part.Hash.Equals(d.Attachment.Sha2, StringComparison.OrdinalIgnoreCase)))
                errors[part.Path] = ["no attachment of the statements has this part's sha2 (parts carry attachments only)"];
            else
                received.TryAdd(part.Hash, part);
        }

        var contents = new Dictionary<string, AttachmentContent>(StringComparer.OrdinalIgnoreCase);
        foreach (var (attachment, path) in declared)
        {
            if (attachment.Sha2 is not { } sha2) continue;
            if (received.TryGetValue(sha2, out var part))
                contents.TryAdd(sha2, new AttachmentContent(sha2.ToLowerInvariant(), attachment.ContentType ?? part.ContentType ?? "application/octet-stream",
                    part.Content));
            else if (attachment.FileUrl is null)
                errors[path] = ["an attachment without a fileUrl has its content in a part of a multipart/mixed request, and this one has none"];
        }
        return (contents.Values.ToList(), errors);
    }

    /// <summary>Every attachment of the statements and their SubStatements, with its JSON path.</summary>
    public static IEnumerable<(Attachment Attachment, string Path)> Declared(IReadOnlyList<Statement> statements)
    {
        for (var i = 0; i < statements.Count; i++)
        {
            var path = StatementValidator.PathOf(i, statements.Count);
            foreach (var (attachment, index) in (statements[i].Attachments ?? []).Select((a, n) => (a, n)))
                yield return (attachment, $"{path}.attachments[{index}]");
            if (statements[i].Object is { ObjectType: "SubStatement", Attachments: { } inner })
                foreach (var (attachment, index) in inner.Select((a, n) => (a, n)))
                    yield return (attachment, $"{path}.object.attachments[{index}]");
        }
    }

    /// <summary>The hex SHA-2 of <paramref name="content"/> by the algorithm whose digest length <paramref name="hash"/> has.</summary>
    private static string? HashOf(string hash, byte[] content) => hash.Length switch
    {
        64 => Convert.ToHexStringLower(SHA256.HashData(content)),
        96 => Convert.ToHexStringLower(SHA384.HashData(content)),
        128 => Convert.ToHexStringLower(SHA512.HashData(content)),
        _ => null,
    };
}
