using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace MicroCredLti.XapiCollector.Statements;

/// <summary>
/// The string formats xAPI values follow (xAPI 1.0.3 Part Two 2.2 and 4.0; IEEE 9274.1.1). A value that does not follow
/// its format is refused, the empty string included (Data 2.2.s4.b1.b4).
/// </summary>
public static partial class XapiFormats
{
    /// <summary>
    /// An absolute IRI: a scheme, then at least one character, none of them white space or characters RFC 3987 never
    /// allows unescaped (Data 2.2.s4.b1.b8 "IRL or IRI values without a scheme"). Best effort, as Data 2.2.s4.b6 allows:
    /// the authority of a hierarchical IRI must not be empty, and a '%' must start an escape.
    /// </summary>
    public static bool IsIri(string? value)
    {
        // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ':' and something after it (RFC 3987 2.2).
        if (string.IsNullOrEmpty(value) || !char.IsAsciiLetter(value[0])) return false;
        var colon = 1;
        while (colon < value.Length && (char.IsAsciiLetterOrDigit(value[colon]) || value[colon] is '+' or '-' or '.')) colon++;
        if (colon == value.Length || value[colon] != ':' || colon == value.Length - 1) return false;
        var rest = value.AsSpan(colon + 1);
        if (rest.StartsWith("//") && (rest.Length == 2 || rest[2] is '/' or '?' or '#')) return false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"' or '{' or '}' or '|' or '\\' or '^' or '`') return false;
            if (c == '%' && (i + 2 >= value.Length || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2]))) return false;
        }
        return true;
    }

    /// <summary>A <c>mailto:</c> IRI naming one address (Data 2.4.2.3 "mbox").</summary>
    public static bool IsMailtoIri(string? value) =>
        value is not null && MailtoPattern().IsMatch(value) && IsIri(value);

    /// <summary>The hex SHA-1 of a mailto IRI (Data 2.4.2.3 "mbox_sha1sum").</summary>
    public static bool IsSha1Hex(string? value) => value is not null && Sha1Pattern().IsMatch(value);

    /// <summary>A hex SHA-2 digest: SHA-224, SHA-256, SHA-384 or SHA-512 (Data 2.4.11 "sha2").</summary>
    public static bool IsSha2Hex(string? value) => value is not null && Sha2Pattern().IsMatch(value);

    /// <summary>A UUID in its canonical, hyphenated form: braces, parentheses and the bare 32-digit form are not UUIDs in xAPI.</summary>
    public static bool IsUuid(string? value) => value is not null && UuidPattern().IsMatch(value);

    /// <summary>An Internet media type, <c>type/subtype</c> with optional parameters (Data 2.4.11 "contentType").</summary>
    public static bool IsMediaType(string? value) =>
        !string.IsNullOrWhiteSpace(value) && MediaTypeHeaderValue.TryParse(value, out var parsed)
        && parsed.Type.Length > 0 && parsed.SubType.Length > 0 && parsed.Type != "*";

    /// <summary>
    /// A timestamp (Data 4.5; IEEE 9274.1.1 4.5 prefers RFC 3339): a complete date and time of day with seconds, an
    /// optional fraction, and a time zone. The offset "-00:00" (and "-0000", "-00") means "offset unknown" in RFC 3339
    /// and is refused (Data 4.5.s1.b5). The value has to name a real instant: 2026-02-30 does not.
    /// </summary>
    public static bool IsTimestamp(string? value)
    {
        if (value is null) return false;
        var match = TimestampPattern().Match(value);
        if (!match.Success) return false;
        var offset = match.Groups["offset"].Value;
        if (offset.StartsWith('-') && offset.Trim('-', ':', '0').Length == 0) return false;
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }

    /// <summary>
    /// An ISO 8601 duration in the format of ISO 8601:2004 4.4.3.2, as xAPI requires (Data 4.6): <c>PnYnMnDTnHnMnS</c>
    /// with at least one component, or <c>PnW</c> alone. "PT5" (no designator), "P4W1D" (weeks combined) and the
    /// alternative format "P0003-06-04T12:30:05" are refused; only the last component may carry a decimal fraction.
    /// </summary>
    public static bool IsDuration(string? value) =>
        value is not null && DurationPattern().IsMatch(value) && !FractionNotLastPattern().IsMatch(value);

    /// <summary>
    /// A well-formed RFC 5646 language tag (Data 2.2.s4.b2, 4.2): the ABNF's sequence of subtag lengths and kinds, and no
    /// extension singleton or variant repeated (RFC 5646 2.2.6, 2.2.5). Registry membership is not checked.
    /// </summary>
    public static bool IsLanguageTag(string? value)
    {
        if (string.IsNullOrEmpty(value)) return false;
        if (GrandfatheredTags.Contains(value)) return true;
        if (SimpleLanguageTagPattern().IsMatch(value)) return true; // "en", "en-US", "zh-Hant": most tags sent
        var match = LanguageTagPattern().Match(value);
        if (!match.Success) return false;
        var variants = match.Groups["variant"].Captures;
        if (variants.Count > 1 && variants.Select(c => c.Value.ToLowerInvariant()).Distinct().Count() != variants.Count) return false;
        var singletons = match.Groups["singleton"].Captures;
        return singletons.Count <= 1 || singletons.Select(c => char.ToLowerInvariant(c.Value[0])).Distinct().Count() == singletons.Count;
    }

    /// <summary>
    /// A statement's <c>version</c> (Data 2.4.10): 1.0.x, and under xAPI 2.0 also 2.0.x. "1.0garbage" is not a version.
    /// </summary>
    public static bool IsStatementVersion(string? value, XapiVersion requestVersion) =>
        value is not null && (requestVersion == XapiVersion.V2_0_0 ? Version1Or2Pattern() : Version1Pattern()).IsMatch(value);

    /// <summary>RFC 5646 2.2.8: tags from RFC 3066 that do not fit the ABNF's productions and are kept whole.</summary>
    private static readonly HashSet<string> GrandfatheredTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "en-GB-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux", "i-mingo", "i-navajo", "i-pwn",
        "i-tao", "i-tay", "i-tsu", "sgn-BE-FR", "sgn-BE-NL", "sgn-CH-DE",
        "art-lojban", "cel-gaulish", "no-bok", "no-nyn", "zh-guoyu", "zh-hakka", "zh-min", "zh-min-nan", "zh-xiang",
    };

    [GeneratedRegex(@"^mailto:[^@\s:/?#]+@[^@\s/?#]+$")]
    private static partial Regex MailtoPattern();

    [GeneratedRegex("^[0-9a-fA-F]{40}$")]
    private static partial Regex Sha1Pattern();

    [GeneratedRegex("^(?:[0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128})$")]
    private static partial Regex Sha2Pattern();

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex UuidPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?<offset>[Zz]|[+-]\d{2}(?::?\d{2})?)$")]
    private static partial Regex TimestampPattern();

    [GeneratedRegex(@"^P(?:\d+(?:[.,]\d+)?W|(?=[\dT])(?:\d+(?:[.,]\d+)?Y)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?D)?(?:T(?=\d)(?:\d+(?:[.,]\d+)?H)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?S)?)?)$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"[.,]\d+[YMWDHS].")]
    private static partial Regex FractionNotLastPattern();

    [GeneratedRegex(@"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?$")]
    private static partial Regex SimpleLanguageTagPattern();

    // RFC 5646 2.1 langtag / privateuse, case-insensitively.
    [GeneratedRegex(@"^(?:(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?<variant>[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-(?<singleton>[a-wyz\d])(?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?|x(?:-[a-z\d]{1,8})+)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTagPattern();

    [GeneratedRegex(@"^1\.0(?:\.\d+)?$")]
    private static partial Regex Version1Pattern();

    [GeneratedRegex(@"^(?:1|2)\.0(?:\.\d+)?$")]
    private static partial Regex Version1Or2Pattern();
}
