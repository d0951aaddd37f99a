using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MicroCredLti.Bench;

/// <summary>
/// What generated statements vary over: the fixtures they are shaped like, how many learners act in them (one account
/// name each, used on every platform), how many courses they belong to, the share that carries a registration, and how
/// many of the learners also appear as a statement's instructor where the fixture names one.
/// </summary>
internal sealed record StatementShape(IReadOnlyList<string> Fixtures, int Learners, int Courses, double RegisteredShare = 0, int Instructors = 50);

/// <summary>One generated statement, with the values a query would filter it by.</summary>
internal sealed record GeneratedStatement(
    string Actor, string VerbId, string ActivityId, Guid? Registration, string? Instructor, IReadOnlyList<string> ContextActivityIds);

/// <summary>How many distinct values the statements generated so far hold.</summary>
internal sealed record GeneratedVariety(long Statements, int Accounts, int Activities, int Verbs, int ContextActivities, long Registered, int Registrations);

/// <summary>
/// Statements shaped like the Open edX (event-routing-backends) and Moodle (logstore_xapi) fixtures, read at run time
/// from the fixture directory and never copied into the repository. Each statement gets a new id, a timestamp within
/// the last 30 days, one of <see cref="StatementShape.Learners"/> learners and one of <see cref="StatementShape.Courses"/>
/// courses; the fixtures' course and module ids become the course's, so their objects and context activities vary with it.
/// Safe to call from concurrent senders. It keeps a uniform sample of what it generated, to draw query parameters from.
/// </summary>
internal sealed partial class StatementGenerator
{
    private const int SampleSize = 10_000;

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly StatementShape shape;
    private readonly IReadOnlyList<Template> templates;
    private readonly string[] learners;
    private readonly Guid[] registrations; // a learner's registered statements belong to one registration (an enrolment)
    private readonly Random random = new(42);
    private readonly DateTimeOffset now = DateTimeOffset.UtcNow;
    private readonly Lock gate = new();
    private readonly Drawn[] sample = new Drawn[SampleSize];
    private readonly HashSet<(string HomePage, int Learner)> accounts = [];
    private readonly HashSet<(int Template, int Course)> placed = [];
    private readonly HashSet<int> registeredLearners = [];
    private long count;
    private long registered;

    private StatementGenerator(StatementShape shape, IReadOnlyList<Template> templates)
    {
        this.shape = shape;
        this.templates = templates;
        learners = Enumerable.Range(0, shape.Learners).Select(_ => Guid.NewGuid().ToString()).ToArray();
        registrations = Enumerable.Range(0, shape.Learners).Select(_ => Guid.NewGuid()).ToArray();
    }

    public static StatementGenerator Load(string directory, StatementShape shape) => new(shape, shape.Fixtures.SelectMany(file =>
    {
        // Open edX course keys and Moodle course, module, attempt and discussion ids vary; Moodle files hold an array of statements.
        var text = MoodleId().Replace(File.ReadAllText(Path.Combine(directory, file)), "{{course}}")
            .Replace("edX+DemoX+Demo_Course", "MicroCred+C{{course}}+2025");
        var node = JsonNode.Parse(text)!;
        return node is JsonArray array ? array.Select(s => s!.AsObject()) : [node.AsObject()];
    }).Select(Template.Of).ToList());

    /// <summary>A JSON array of <paramref name="size"/> statements, as UTF-8.</summary>
    public byte[] Body(int size)
    {
        var body = new StringBuilder("[");
        lock (gate)
        {
            for (var i = 0; i < size; i++)
            {
                var drawn = new Drawn((int)(count % templates.Count), random.Next(shape.Learners), random.Next(1, shape.Courses + 1),
                    random.NextDouble() < shape.RegisteredShare, random.Next(Math.Min(shape.Instructors, shape.Learners)));
                var template = templates[drawn.Template];
                if (i > 0) body.Append(',');
                body.Append(new StringBuilder(drawn.Registered ? template.Registered : template.Plain)
                    .Replace("{{id}}", Guid.NewGuid().ToString())
                    .Replace("{{learner}}", learners[drawn.Learner])
                    .Replace("{{instructor}}", learners[drawn.Instructor])
                    .Replace("{{registration}}", registrations[drawn.Learner].ToString())
                    .Replace("{{course}}", drawn.Course.ToString())
                    .Replace("{{timestamp}}", now.AddSeconds(-random.Next(30 * 24 * 3600)).ToString("O")));
                Keep(drawn);
            }
        }
        return Encoding.UTF8.GetBytes(body.Append(']').ToString());
    }

    /// <summary>A uniform sample of up to 10,000 of the statements generated so far, to draw query parameters from.</summary>
    public IReadOnlyList<GeneratedStatement> Sample()
    {
        lock (gate) return sample.Take((int)Math.Min(count, SampleSize)).Select(Describe).ToList();
    }

    public GeneratedVariety Variety()
    {
        lock (gate)
        {
            var activities = placed.Select(p => templates[p.Template].ObjectId.Replace("{{course}}", p.Course.ToString())).Distinct().Count();
            var contextActivities = placed.SelectMany(p => templates[p.Template].ContextActivityIds.Select(id => id.Replace("{{course}}", p.Course.ToString())))
                .Distinct().Count();
            var verbs = placed.Select(p => templates[p.Template].VerbId).Distinct().Count();
            return new GeneratedVariety(count, accounts.Count, activities, verbs, contextActivities, registered, registeredLearners.Count);
        }
    }

    private void Keep(Drawn drawn)
    {
        // Reservoir sampling: every statement generated so far is equally likely to be in the sample.
        if (count < SampleSize) sample[count] = drawn;
        else if (random.NextInt64(count + 1) is var slot && slot < SampleSize) sample[slot] = drawn;
        count++;
        accounts.Add((templates[drawn.Template].ActorHomePage, drawn.Learner));
        placed.Add((drawn.Template, drawn.Course));
        if (!drawn.Registered) return;
        registered++;
        registeredLearners.Add(drawn.Learner);
    }

    private GeneratedStatement Describe(Drawn drawn)
    {
        var template = templates[drawn.Template];
        var course = drawn.Course.ToString();
        return new GeneratedStatement(
            Agent(template.ActorHomePage, learners[drawn.Learner]),
            template.VerbId,
            template.ObjectId.Replace("{{course}}", course),
            drawn.Registered ? registrations[drawn.Learner] : null,
            template.InstructorHomePage is { } homePage ? Agent(homePage, learners[drawn.Instructor]) : null,
            template.ContextActivityIds.Select(id => id.Replace("{{course}}", course)).ToList());
    }

    private static string Agent(string homePage, string name) =>
        new JsonObject { ["objectType"] = "Agent", ["account"] = new JsonObject { ["homePage"] = homePage, ["name"] = name } }.ToJsonString(Relaxed);

    [GeneratedRegex(@"(?<=[?&](?:id|cmid|d|attempt)=)\d+")]
    private static partial Regex MoodleId();

    private readonly record struct Drawn(int Template, int Learner, int Course, bool Registered, int Instructor);

    /// <summary>A fixture statement with placeholders, without and with a registration, and the values it is found by.</summary>
    private sealed record Template(string Plain, string Registered, string ActorHomePage, string VerbId, string ObjectId,
        string? InstructorHomePage, IReadOnlyList<string> ContextActivityIds)
    {
        private static readonly string[] ContextActivityKinds = ["parent", "grouping", "category", "other"];

        public static Template Of(JsonObject statement)
        {
            statement["id"] = "{{id}}";
            statement["actor"]!["account"]!["name"] = "{{learner}}";
            statement["timestamp"] = "{{timestamp}}";
            statement.Remove("stored");
            statement.Remove("authority");
            var instructor = statement["context"]?["instructor"]?["account"]?.AsObject();
            if (instructor is not null) instructor["name"] = "{{instructor}}";
            var plain = statement.ToJsonString(Relaxed);

            if (statement["context"] is not JsonObject context) statement["context"] = context = [];
            context["registration"] = "{{registration}}";
            var contextActivities = context["contextActivities"] as JsonObject;
            return new Template(plain, statement.ToJsonString(Relaxed),
                statement["actor"]!["account"]!["homePage"]!.GetValue<string>(),
                statement["verb"]!["id"]!.GetValue<string>(),
                statement["object"]!["id"]!.GetValue<string>(),
                instructor?["homePage"]?.GetValue<string>(),
                ContextActivityKinds.SelectMany(kind => contextActivities?[kind] switch
                {
                    JsonArray list => list.Select(a => a!["id"]!.GetValue<string>()),
                    JsonObject single => [single["id"]!.GetValue<string>()],
                    _ => [],
                }).ToList());
        }
    }
}
