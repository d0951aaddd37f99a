using System.Text.Json.Nodes;

namespace MicroCredLti.LtiTool.Services;

/// <summary>Reading what a platform answered: a string member of its JSON, and an excerpt of a body to quote in an error.</summary>
internal static class PlatformAnswers
{
    public static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    public static string Excerpt(string body) => body.Length <= 300 ? body : body[..300] + "…";
}
