using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace MicroCredLti.XapiCollector.Documents;

/// <summary>
/// A write's <c>If-Match</c> and <c>If-None-Match</c> headers (RFC 9110 13.1.1, 13.1.2), which xAPI uses for optimistic
/// concurrency on documents (xAPI 1.0.3 Part Three 3.1). Entity tags are compared without their quotes, so a client that
/// sends the bare SHA-1 is understood too.
/// </summary>
internal sealed record Preconditions(IReadOnlyList<string>? IfMatch, IReadOnlyList<string>? IfNoneMatch)
{
    public static readonly Preconditions None = new(null, null);

    public bool Any => IfMatch is not null || IfNoneMatch is not null;

    public static Preconditions From(IHeaderDictionary headers) =>
        new(Tags(headers.IfMatch, weakMatches: false), Tags(headers.IfNoneMatch, weakMatches: true));

    /// <summary>Whether the request may act on a document whose current entity tag is <paramref name="current"/> (null: no document).</summary>
    public bool HoldFor(string? current)
    {
        if (IfMatch is not null && (current is null || !(IfMatch.Contains("*") || IfMatch.Contains(current, StringComparer.OrdinalIgnoreCase))))
            return false;
        if (IfNoneMatch is not null && current is not null && (IfNoneMatch.Contains("*") || IfNoneMatch.Contains(current, StringComparer.OrdinalIgnoreCase)))
            return false;
        return true;
    }

    /// <summary>
    /// The tags of one header, or null without the header. If-Match compares strongly, so a weak tag there matches
    /// nothing; If-None-Match compares weakly (RFC 9110 8.8.3.2).
    /// </summary>
    private static List<string>? Tags(StringValues header, bool weakMatches)
    {
        if (StringValues.IsNullOrEmpty(header)) return null;
        var tags = new List<string>();
        foreach (var value in header)
        foreach (var part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var tag = part;
            if (tag.StartsWith("W/", StringComparison.Ordinal))
            {
                if (!weakMatches) continue;
                tag = tag[2..];
            }
            tags.Add(tag.Trim('"'));
        }
        return tags;
    }
}
