using System.Text.Json;
using MicroCredLti.XapiCollector.Model;

namespace MicroCredLti.XapiCollector.Statements;

/// <summary>
/// The statements of a request body read from its JSON: a statement, or a non-empty array of them. What the model cannot
/// hold is refused here with the JSON path where it is: a property xAPI does not define or whose case differs
/// (Data 2.2.s4.b1.b5, b7), a value of the wrong JSON type, a string where an object belongs (b2, b3), and every null
/// outside extensions (b1), which the model would otherwise read as "absent".
/// </summary>
internal sealed record StatementJson(
    IReadOnlyList<Statement> Statements,
    IReadOnlyDictionary<string, string[]> Malformed,
    IReadOnlyDictionary<string, string[]> Nulls)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false };
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    public static StatementJson Read(ReadOnlyMemory<byte> utf8)
    {
        if (utf8.Span.StartsWith(Utf8Bom)) utf8 = utf8[Utf8Bom.Length..];
        if (ReadPlain(utf8.Span) is { Count: > 0 } plain) return new StatementJson(plain, NoErrors, NoErrors);
        JsonDocument document;
        try { document = JsonDocument.Parse(utf8, DocumentOptions); }
        catch (JsonException e)
        {
            return Refused("$", $"is not JSON ({e.Message.Split(" Path:")[0]})");
        }
        using (document)
        {
            var root = document.RootElement;
            var elements = root.ValueKind switch
            {
                JsonValueKind.Array => root.EnumerateArray().ToList(),
                JsonValueKind.Object => [root],
                _ => [],
            };
            if (elements.Count == 0) return Refused("$", "must be a statement or a non-empty array of statements");

            var statements = new List<Statement>();
            var malformed = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var nulls = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            for (var i = 0; i < elements.Count; i++)
            {
                var path = StatementValidator.PathOf(i, elements.Count);
                if (elements[i].ValueKind != JsonValueKind.Object)
                {
                    Add(malformed, path, "must be a statement object");
                    continue;
                }
                // Most statements have no null: look for one before spending strings on the paths to name it.
                if (HasNull(elements[i])) FindNulls(elements[i], path, nulls);
                try
                {
                    statements.Add(elements[i].Deserialize<Statement>(XapiJson.Options)!);
                }
                catch (JsonException e)
                {
                    Add(malformed, path + XapiJson.PathOf(e)[1..], Explain(e));
                }
            }
            return new StatementJson(statements, Freeze(malformed), Freeze(nulls));
        }
    }

    private static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    /// <summary>
    /// The common case in two quick passes, without building a document: a body with no null anywhere (xAPI allows one
    /// only inside extensions, which a plain reader cannot tell apart) read straight into statements. Anything else,
    /// every body at fault included, takes the path that says what is wrong and where.
    /// </summary>
    private static List<Statement>? ReadPlain(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read()) return null;
            var root = reader.TokenType;
            while (reader.Read())
                if (reader.TokenType == JsonTokenType.Null) return null;
            return root switch
            {
                JsonTokenType.StartArray => JsonSerializer.Deserialize<List<Statement>>(utf8, XapiJson.Options),
                JsonTokenType.StartObject => [JsonSerializer.Deserialize<Statement>(utf8, XapiJson.Options)!],
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool HasNull(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    if (!(property.NameEquals("extensions") && property.Value.ValueKind == JsonValueKind.Object) && HasNull(property.Value))
                        return true;
                return false;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    if (HasNull(item)) return true;
                return false;
            default:
                return false;
        }
    }

    /// <summary>Data 2.2.s4.b1.b1: no null anywhere, except as (or inside) the value of an extension.</summary>
    private static void FindNulls(JsonElement element, string path, Dictionary<string, List<string>> nulls)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                Add(nulls, path, "must not be null (xAPI allows null only inside extensions)");
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "extensions" && property.Value.ValueKind == JsonValueKind.Object) continue;
                    FindNulls(property.Value, path + PropertyPath(property.Name), nulls);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray()) FindNulls(item, $"{path}[{index++}]", nulls);
                break;
        }
    }

    /// <summary>A property's step in a JSON path: <c>.name</c>, or <c>['key']</c> for keys such as IRIs and language tags.</summary>
    public static string PropertyPath(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? $".{name}" : $"['{name}']";

    // The serializer's messages name .NET types; a client needs to know what is wrong in its JSON.
    private static string Explain(JsonException e) =>
        e.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? "is not a property xAPI defines here (property names are case-sensitive)"
            : e.Message.StartsWith("Duplicate property", StringComparison.Ordinal)
                ? "is repeated"
                : "has the wrong JSON type (a string where an object belongs, a number sent as a string, or the like)";

    private static StatementJson Refused(string path, string message) =>
        new([], new Dictionary<string, string[]> { [path] = [message] }, new Dictionary<string, string[]>());

    private static void Add(Dictionary<string, List<string>> errors, string key, string message)
    {
        if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
        list.Add(message);
    }

    private static Dictionary<string, string[]> Freeze(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}
