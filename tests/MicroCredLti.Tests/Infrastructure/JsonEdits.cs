using System.Text.RegularExpressions;
using System.Text.Json.Nodes;

namespace MicroCredLti.Tests.Infrastructure;

/// <summary>
/// Edits a statement at a path such as <c>context.contextActivities.parent[0].id</c>, the way the tests name what they
/// change: objects on the way are created, array items must exist.
/// </summary>
public static partial class JsonEdits
{
    public static JsonObject With(this JsonObject statement, string path, JsonNode? value)
    {
        var (parent, last) = Walk(statement, path);
        if (last.Index is { } index) parent.AsArray()[index] = value;
        else parent.AsObject()[last.Name] = value;
        return statement;
    }

    public static JsonObject Without(this JsonObject statement, string path)
    {
        var (parent, last) = Walk(statement, path);
        if (last.Index is { } index) parent.AsArray().RemoveAt(index);
        else parent.AsObject().Remove(last.Name);
        return statement;
    }

    private static (JsonNode Parent, Step Last) Walk(JsonObject root, string path)
    {
        var steps = Steps(path).ToList();
        JsonNode node = root;
        foreach (var step in steps.SkipLast(1))
        {
            if (step.Index is { } index) node = node.AsArray()[index]!;
            else
            {
                var obj = node.AsObject();
                if (obj[step.Name] is null) obj[step.Name] = new JsonObject();
                node = obj[step.Name]!;
            }
        }
        return (node, steps[^1]);
    }

    private static IEnumerable<Step> Steps(string path)
    {
        foreach (Match match in StepPattern().Matches(path))
            yield return match.Groups["index"].Success ? new Step("", int.Parse(match.Groups["index"].Value)) : new Step(match.Groups["name"].Value, null);
    }

    private sealed record Step(string Name, int? Index);

    [GeneratedRegex(@"(?<name>[^.\[\]]+)|\[(?<index>\d+)\]")]
    private static partial Regex StepPattern();
}
