using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredLti.Tests.Infrastructure;
using MicroCredLti.XapiCollector.Statements;
using static MicroCredLti.Tests.Infrastructure.StatementParts;

namespace MicroCredLti.Tests.Xapi;

/// <summary>
/// Thousands of statements that real emitters sent, each broken in one way xAPI forbids, and requests with broken headers:
/// every one is answered with a 4xx problem, never a server error, and none of them stores anything. The random choices
/// come from a fixed seed, so a failure repeats.
/// </summary>
public sealed class StatementFuzzTests(SharedHost host) : IClassFixture<SharedHost>
{
    private const int Seed = 2026_11_25;
    private const int MalformedStatements = 3000;

    private static readonly string[] BadIris = ["not an iri", "ab=c://should.fail.com", "", "/relative/path", "http://", "passed", "http://exa mple.com"];
    private static readonly string[] BadLanguageTags = ["a12345678", "en_US", "something", "zh-z-aaa-z-bbb", "", "-en", "en-"];
    private static readonly string[] BadDurations = ["PT5", "P4W1D", "1 hour", "P", "PT", "P1.5DT1H", "PT-1S", "pt1h"];
    private static readonly string[] BrokenUuids =
        ["{aa97b177-9383-4934-8543-0f91a7a02836}", "AA97B177-9383-4934-8543-0F91A7A028368", "MA97B177-9383-4934-8543-0F91A7A02836",
         "aa97b1779383493485430f91a7a02836", "", "(aa97b177-9383-4934-8543-0f91a7a02836)"];
    private static readonly string[] BadVersions = ["1.0garbage", "1.1.0", "0.9", "2.0.0", "", "1", "1.0."];
    private static readonly string[] BadTimestamps = ["2026-11-25T10:15:30", "2008-09-15T15:53:00.601-00:00", "yesterday", "2026-02-30T00:00:00Z", "01/011/2015"];
    private static readonly string[] BadObjectTypes = ["activity", "GroupActivity", "Statement", "agent", "substatement", ""];
    private static readonly string[] JunkExtensionKeys = ["score", "not an iri", "", "ab=c://x", "urn"];

    // Objects whose keys are data (language tags, extension IRIs) rather than property names.
    private static readonly HashSet<string> Maps = ["display", "name", "description", "extensions"];

    private delegate string? Mutation(JsonObject statement, Random random);

    private static readonly (string Name, Mutation Apply)[] Mutations =
    [
        ("null value", NullSomewhere),
        ("wrong JSON type", WrongType),
        ("bad IRI", BadIri),
        ("bad language tag", BadLanguageTag),
        ("bad duration", (s, r) => Set(s, "result.duration", Pick(r, BadDurations))),
        ("broken UUID", BrokenUuid),
        ("bad version", (s, r) => Set(s, "version", Pick(r, BadVersions))),
        ("bad timestamp", (s, r) => Set(s, r.Next(2) == 0 ? "timestamp" : "stored", Pick(r, BadTimestamps))),
        ("missing required property", DeleteRequired),
        ("junk extension key", JunkExtensionKey),
        ("miscased property name", MiscasedProperty),
        ("junk objectType", (s, r) => Set(s, "object.objectType", Pick(r, BadObjectTypes))),
        ("bad mbox", (s, r) => Set(s, "actor", JsonNode.Parse($$"""{"mbox": "{{Pick(r, ["ada@example.edu", "mailto:should.fail.com", "mailto:", "http://x.y"])}}"}"""))),
        ("score out of range", (s, r) => Set(s, "result.score.scaled", r.Next(2) == 0 ? 1.5 : -2)),
    ];

    [Fact]
    public async Task Thousands_of_malformed_statements_and_requests_are_each_refused_with_a_4xx_problem_and_none_is_stored()
    {
        var random = new Random(Seed);
        var seeds = ConformantFixtureStatements();
        seeds.Should().HaveCountGreaterThan(200);
        var requests = new List<(string What, Func<HttpRequestMessage> Request)>();

        for (var i = 0; i < MalformedStatements; i++)
        {
            var statement = Fresh(Pick(random, seeds));
            var (name, mutate) = Pick(random, Mutations);
            var where = mutate(statement, random);
            var what = $"#{i} {name} at {where}";
            var body = random.Next(4) == 0
                ? Batch(Fresh(Pick(random, seeds)), statement, Fresh(Pick(random, seeds)))
                : Batch(statement);
            var json = body.ToJsonString();
            requests.Add(random.Next(10) == 0
                ? (what + " (multipart)", () => Post(Multipart(JsonNode.Parse(json)!)))
                : (what, () => Post(LrsClient.JsonContent(json))));
        }
        requests.AddRange(MalformedAttachmentRequests(random, seeds));
        requests.AddRange(MalformedHeaderRequests(random, seeds));

        var before = await host.Tool.StatementCountAsync();
        var http = host.Tool.CreateClient();
        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (request, cancellationToken) =>
        {
            using var response = await http.SendAsync(request.Request(), cancellationToken);
            var status = (int)response.StatusCode;
            if (status is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{request.What}: {status} {Excerpt(await response.Content.ReadAsStringAsync(cancellationToken))}");
        });

        failures.Should().BeEmpty($"each of {requests.Count} requests breaks a rule (first failures: {string.Join("; ", failures.Take(10))})");
        (await host.Tool.StatementCountAsync()).Should().Be(before);
        (await host.Tool.AttachmentCountAsync()).Should().Be(0);
    }

    /// <summary>Statements from ../shared/fixtures that the collector accepts as they are: the ones to break.</summary>
    private static List<JsonObject> ConformantFixtureStatements()
    {
        var statements = new List<JsonObject>();
        foreach (var file in Fixtures.AllStatementFiles())
        {
            var node = JsonNode.Parse(File.ReadAllText(file))!;
            foreach (var statement in node is JsonArray many ? many.Select(s => s!.AsObject()) : [node.AsObject()])
            {
                var json = StatementJson.Read(Encoding.UTF8.GetBytes(statement.ToJsonString()));
                if (json.Malformed.Count == 0 && json.Nulls.Count == 0 && StatementValidator.Validate(json.Statements).Count == 0)
                    statements.Add(statement);
            }
        }
        return statements;
    }

    private static IEnumerable<(string, Func<HttpRequestMessage>)> MalformedAttachmentRequests(Random random, List<JsonObject> seeds)
    {
        for (var i = 0; i < 300; i++)
        {
            var content = Encoding.UTF8.GetBytes($"attachment {i}");
            var statement = Fresh(Pick(random, seeds)).WithAttachments(AttachmentFor(content));
            var json = Batch(statement);
            var (what, parts) = random.Next(6) switch
            {
                0 => ("no part for an attachment", Array.Empty<Part>()),
                1 => ("part with a wrong hash", [new Part(content, Hash: Sha256(Encoding.UTF8.GetBytes("other")))]),
                2 => ("excess part", [new Part(content), Part.Text("excess")]),
                3 => ("part without hash header", [new Part(content, Hash: null)]),
                4 => ("part sent as base64", [new Part(content, TransferEncoding: "base64")]),
                _ => ("tampered part", [new Part([.. content, 0x20], Hash: Sha256(content))]),
            };
            yield return ($"attachments #{i}: {what}", () => Post(Multipart(json, parts)));
        }
    }

    private static IEnumerable<(string, Func<HttpRequestMessage>)> MalformedHeaderRequests(Random random, List<JsonObject> seeds)
    {
        for (var i = 0; i < 200; i++)
        {
            var json = Batch(Fresh(Pick(random, seeds))).ToJsonString();
            var kind = random.Next(9);
            // Chosen here, not when the request is built: requests are built in parallel, and the seed must decide alone.
            var version = Pick(random, ["0.9", "3.0.0", "1", "latest", "1.1"]);
            var contentType = Pick(random, ["text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/mixed",
                "multipart/form-data; boundary=x"]);
            var credentials = Pick(random, ["!!!", Convert.ToBase64String("nokey"u8), Convert.ToBase64String("test-lrs-client:wrong"u8)]);
            var query = Pick(random, ["?statementId=x", "?method=PUT", "?limit=1"]);
            var putQuery = Pick(random, ["", "?statementId={aa97b177-9383-4934-8543-0f91a7a02836}", $"?StatementId={Guid.NewGuid()}"]);
            yield return ($"headers #{i}: kind {kind}", () =>
            {
                var request = Post(LrsClient.JsonContent(json));
                switch (kind)
                {
                    case 0: request.Headers.Remove("X-Experience-API-Version"); break;
                    case 1:
                        request.Headers.Remove("X-Experience-API-Version");
                        request.Headers.TryAddWithoutValidation("X-Experience-API-Version", version);
                        break;
                    case 2: request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType); break;
                    case 3: request.Content!.Headers.ContentType = null; break;
                    case 4: request.Headers.Authorization = null; break;
                    case 5: request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials); break;
                    case 6: request.RequestUri = new Uri("/xapi/statements" + query, UriKind.Relative); break;
                    default:
                        request.Method = HttpMethod.Put;
                        request.RequestUri = new Uri("/xapi/statements" + putQuery, UriKind.Relative);
                        break;
                }
                return request;
            });
        }
    }

    private static HttpRequestMessage Post(HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/xapi/statements") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ToolHost.LrsKey}:{ToolHost.LrsSecret}")));
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        return request;
    }

    private static JsonObject Fresh(JsonObject statement)
    {
        var copy = (JsonObject)statement.DeepClone();
        copy["id"] = Guid.NewGuid().ToString();
        return copy;
    }

    // The mutations. Each returns where it broke the statement; each break is one that xAPI forbids.

    private static string? NullSomewhere(JsonObject statement, Random random)
    {
        var (parent, key, path, _) = Pick(random, Nodes(statement).ToList());
        SetAt(parent, key, null);
        return path;
    }

    private static string? WrongType(JsonObject statement, Random random)
    {
        var (parent, key, path, _) = Pick(random, Nodes(statement).ToList());
        JsonNode replacement = At(parent, key) switch
        {
            JsonObject or JsonArray => random.Next(2) == 0 ? "a string" : 42,
            JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => random.Next(2) == 0 ? 42 : new JsonObject { ["key"] = "value" },
            _ => "a string",
        };
        SetAt(parent, key, replacement);
        return path;
    }

    private static string? BadIri(JsonObject statement, Random random)
    {
        var candidates = new List<string> { "verb.id" };
        if (statement["object"]?["objectType"]?.GetValue<string>() is null or "Activity")
        {
            candidates.Add("object.id");
            if (statement["object"]?["definition"] is JsonObject) candidates.AddRange(["object.definition.type", "object.definition.moreInfo"]);
        }
        if (statement["actor"]?["account"] is JsonObject) candidates.Add("actor.account.homePage");
        foreach (var list in new[] { "parent", "grouping", "category", "other" })
            if (statement["context"]?["contextActivities"]?[list] is JsonArray { Count: > 0 }) candidates.Add($"context.contextActivities.{list}[0].id");
        return Set(statement, Pick(random, candidates), Pick(random, BadIris));
    }

    private static string? BadLanguageTag(JsonObject statement, Random random)
    {
        if (random.Next(3) == 0) return Set(statement, "context.language", Pick(random, BadLanguageTags));
        var map = statement["verb"]!["display"] as JsonObject ?? (JsonObject)(statement["verb"]!["display"] = new JsonObject());
        map[Pick(random, BadLanguageTags)] = "broken";
        return "verb.display";
    }

    private static string? BrokenUuid(JsonObject statement, Random random)
    {
        var uuid = Pick(random, BrokenUuids);
        return random.Next(3) switch
        {
            0 => Set(statement, "id", uuid),
            1 => Set(statement, "context.registration", uuid),
            _ => Set(statement, "object", new JsonObject { ["objectType"] = "StatementRef", ["id"] = uuid }),
        };
    }

    private static string? DeleteRequired(JsonObject statement, Random random)
    {
        var candidates = new List<string> { "actor", "verb", "object", "verb.id" };
        if (statement["object"]?["objectType"]?.GetValue<string>() is null or "Activity") candidates.Add("object.id");
        var path = Pick(random, candidates);
        statement.Without(path);
        return path;
    }

    private static string? JunkExtensionKey(JsonObject statement, Random random)
    {
        var owner = Pick(random, ["context", "result"]);
        if (statement[owner] is not JsonObject obj) statement[owner] = obj = new JsonObject();
        if (obj["extensions"] is not JsonObject map) obj["extensions"] = map = new JsonObject();
        map[Pick(random, JunkExtensionKeys)] = "junk";
        return $"{owner}.extensions";
    }

    private static string? MiscasedProperty(JsonObject statement, Random random)
    {
        var properties = Nodes(statement).Where(n => !n.KeyIsData && n.Key is string name && name.Any(char.IsLower)).ToList();
        var (parent, key, path, _) = Pick(random, properties);
        var name = (string)key;
        var obj = (JsonObject)parent;
        var value = obj[name];
        obj.Remove(name);
        obj[random.Next(2) == 0 ? name.ToUpperInvariant() : char.ToUpperInvariant(name[0]) + name[1..]] = value?.DeepClone();
        return path;
    }

    /// <summary>
    /// Every property value and array item, with where it sits, except what lies inside extensions (free-form JSON, where
    /// anything goes). Entries of language maps are marked: their keys are data (language tags), not property names.
    /// </summary>
    private static IEnumerable<(JsonNode Parent, object Key, string Path, bool KeyIsData)> Nodes(JsonNode node, string path = "$",
        bool keysAreData = false)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    var at = $"{path}.{name}";
                    yield return (obj, name, at, keysAreData);
                    if (name == "extensions" || value is null) continue;
                    foreach (var inner in Nodes(value, at, keysAreData: Maps.Contains(name) && value is JsonObject))
                        yield return inner;
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    yield return (array, i, $"{path}[{i}]", false);
                    if (array[i] is { } item)
                        foreach (var inner in Nodes(item, $"{path}[{i}]")) yield return inner;
                }
                break;
        }
    }

    private static JsonNode? At(JsonNode parent, object key) => key is int index ? parent.AsArray()[index] : parent.AsObject()[(string)key];

    private static void SetAt(JsonNode parent, object key, JsonNode? value)
    {
        if (key is int index) parent.AsArray()[index] = value;
        else parent.AsObject()[(string)key] = value;
    }

    private static string Set(JsonObject statement, string path, JsonNode? value)
    {
        statement.With(path, value);
        return path;
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Excerpt(string body) => body.Length > 300 ? body[..300] : body;
}
