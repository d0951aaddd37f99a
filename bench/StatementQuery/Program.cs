// Statement query benchmark: loads generated xAPI statements into the real LRS over loopback HTTP, then times
// GET /xapi/statements under each filter xAPI 1.0.3 defines. See bench/README.md.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace MicroCredLti.Bench;

internal static class StatementQuery
{
    private const double TargetP95Ms = 20;
    private const long TargetMemoryMb = 400;
    private const string Target = "target: p95 < 20 ms per filter over 1,000,000 stored statements, host memory < 400 MB (issue: LRS query)";
    public const int WarmUpRuns = 3;

    // 25 statements from 24 fixtures: 22 verbs; over 12 courses about 200 activities as objects and 100 more in context
    // (parents, a grouping, the Moodle site as category); two fixtures name an instructor.
    private static readonly StatementShape Shape = new(
    [
        "openedx-event-routing-backends/edx.course.enrollment.activated.json",
        "openedx-event-routing-backends/edx.course.enrollment.deactivated.json",
        "openedx-event-routing-backends/play_video.json",
        "openedx-event-routing-backends/pause_video.json",
        "openedx-event-routing-backends/seek_video.json",
        "openedx-event-routing-backends/complete_video.json",
        "openedx-event-routing-backends/problem_check(browser).json",
        "openedx-event-routing-backends/problem_check(server).json",
        "openedx-event-routing-backends/showanswer.json",
        "openedx-event-routing-backends/edx.grades.subsection.grade_calculated.json",
        "openedx-event-routing-backends/edx.completion.block_completion.changed.json",
        "openedx-event-routing-backends/edx.ui.lms.sequence.next_selected.json",
        "openedx-event-routing-backends/edx.course.grade.passed.first_time.json",
        "moodle-logstore_xapi/core__course_viewed__viewing_existing_course.json",
        "moodle-logstore_xapi/core__user_enrolment_created__existing_user_enrolled.json",
        "moodle-logstore_xapi/core__course_module_completion_update__completing_existing_module.json",
        "moodle-logstore_xapi/mod_assign__assignment_submitted__existing_assignment_submitted.json",
        "moodle-logstore_xapi/mod_assign__assignment_graded__existing_assignment_graded_comment.json",
        "moodle-logstore_xapi/mod_quiz__attempt_submitted__multichoice.json",
        "moodle-logstore_xapi/mod_forum__post_created.json",
        "moodle-logstore_xapi/core__group_message_sent__new_group_message_sent.json",
        "moodle-logstore_xapi/mod_lesson__lesson_started.json",
        "moodle-logstore_xapi/mod_scorm__sco_launched__existing_sco_launched.json",
        "moodle-logstore_xapi/core__course_completed__completing_existing_course.json",
    ], Learners: 5_000, Courses: 12, RegisteredShare: 0.3, Instructors: 50);

    public static async Task<int> Main(string[] args)
    {
        var counts = new Dictionary<string, int> { ["--statements"] = 1_000_000, ["--batch"] = 500, ["--concurrency"] = 4, ["--queries"] = 200 };
        if (!BenchArguments.TryParse(args, counts, out var fixtures) || counts["--statements"] < 1_000)
        {
            Console.Error.WriteLine(BenchArguments.Usage("StatementQuery", counts) + " (at least 1000 statements)");
            return 2;
        }
        var (statements, batch, concurrency, queries) = (counts["--statements"], counts["--batch"], counts["--concurrency"], counts["--queries"]);

        var generator = StatementGenerator.Load(fixtures ?? BenchPaths.Fixtures, Shape);
        await using var storage = await BenchStorage.FromEnvironmentAsync();
        await using var host = LrsHost.Start(storage, "Statement query benchmark");
        var clients = Enumerable.Range(0, concurrency).Select(_ => host.LrsClient()).ToArray();
        try
        {
            Console.WriteLine($"{Target}\nloading {statements:N0} statements into {storage.Provider} through POST /xapi/statements, " +
                $"batches of {batch}, {concurrency} senders");
            var batches = (statements + batch - 1) / batch;
            var step = Math.Max(1, batches / 20);
            var clock = Stopwatch.StartNew();
            var loadStarted = DateTimeOffset.UtcNow;
            var (latencies, failures) = await BatchSenders.SendAsync(clients, batches, i => generator.Body(Math.Min(batch, statements - i * batch)),
                sent =>
                {
                    if (sent % step != 0 || sent == batches) return;
                    var loaded = Math.Min((long)sent * batch, statements);
                    Console.WriteLine($"  {loaded,11:N0} loaded, {loaded / clock.Elapsed.TotalSeconds:N0} statements/s, " +
                        $"{Memory.WorkingSetMb():N0} MB working set");
                });
            var loadEnded = DateTimeOffset.UtcNow;
            clock.Stop();
            if (failures.Count > 0)
            {
                foreach (var failure in failures) Console.Error.WriteLine(failure);
                return 1;
            }

            var variety = generator.Variety();
            var batchLatency = Latencies.Of(latencies);
            var afterLoadMb = Memory.WorkingSetMb();
            Console.WriteLine($"""
                provider:      {storage.Provider}
                load:          {statements:N0} statements in {clock.Elapsed.TotalSeconds:N1} s, {statements / clock.Elapsed.TotalSeconds:N0} statements/s over HTTP; batch latency p50 {batchLatency.P50:N0} ms, p95 {batchLatency.P95:N0} ms
                loaded:        {variety.Accounts:N0} actors (learner accounts), {variety.Activities:N0} activities as objects, {variety.ContextActivities:N0} in context, {variety.Verbs} verbs, {variety.Registered:N0} statements ({(double)variety.Registered / variety.Statements:P0}) in {variety.Registrations:N0} registrations, timestamps over 30 days
                storage:       {await PrepareForQueriesAsync(storage)}
                queries:       {queries} per filter after {WarmUpRuns} untimed, one at a time from one client, newest first, the default limit of 100 statements a page; parameters drawn from the loaded statements
                """);

            var cases = QueryCase.All(generator.Sample(), loadStarted, loadEnded);
            var random = new Random(7);
            Console.WriteLine($"{"filter",-34} {"answer",-8} {"p50 ms",8} {"p95 ms",8} {"max ms",8} {"rows",6}  p95 < {TargetP95Ms} ms");
            var met = 0;
            foreach (var queryCase in cases)
            {
                var outcome = await queryCase.MeasureAsync(clients[0], queries, random);
                if (outcome.Met(TargetP95Ms)) met++;
                Console.WriteLine(outcome.Line(queryCase.Name, TargetP95Ms));
            }

            var (workingSetMb, peakMb) = (Memory.WorkingSetMb(), Memory.PeakWorkingSetMb());
            Console.WriteLine($"""
                filters:       {met} of {cases.Count} met p95 < {TargetP95Ms} ms
                memory:        {afterLoadMb:N0} MB working set after the load, {workingSetMb:N0} MB after the queries, {peakMb:N0} MB peak; managed heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576:N0} MB ({(GCSettings.IsServerGC ? "server" : "workstation")} GC). One process: the host and the bench's {concurrency} HTTP clients and generator; PostgreSQL's own processes are not counted
                memory target: < {TargetMemoryMb} MB: {(peakMb < TargetMemoryMb ? "met" : "not met")} by the peak working set
                """);
            return 0;
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    /// <summary>
    /// On PostgreSQL, ANALYZE after the bulk load, as autovacuum would shortly after it, so that the planner does not plan
    /// for the empty tables it saw when the load began. Returns the size of the stored data.
    /// </summary>
    private static async Task<string> PrepareForQueriesAsync(BenchStorage storage)
    {
        if (!storage.IsPostgreSql)
        {
            var directory = new DirectoryInfo(storage.Settings["MicroCred:Storage:DataDirectory"]);
            return $"{directory.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1048576:N0} MB of SQLite files";
        }
        await using var connection = new NpgsqlConnection(storage.Settings["MicroCred:Storage:ConnectionString"]);
        await connection.OpenAsync();
        await using (var analyze = new NpgsqlCommand("ANALYZE", connection)) await analyze.ExecuteNonQueryAsync();
        await using var size = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
        return $"{(long)(await size.ExecuteScalarAsync())! / 1048576:N0} MB database, ANALYZEd after the load";
    }
}

/// <summary>The process's memory, in MB.</summary>
internal static class Memory
{
    public static long WorkingSetMb()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 / 1048576;
    }

    public static long PeakWorkingSetMb()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / 1048576;
    }
}

/// <summary>
/// A request of GET /xapi/statements and what every statement in its answer must satisfy. <see cref="Broadly"/> tells
/// the statements that match only through related_activities or related_agents; <see cref="FollowMore"/> times the
/// answer's more link instead of the request itself.
/// </summary>
internal sealed record StatementRequest(string Query, Func<JsonObject, bool> Matches, Func<JsonObject, bool>? Broadly = null, bool FollowMore = false);

/// <summary>
/// One filter: how to draw a request of it, and, for since and until, a request whose window holds nothing, which
/// tells a server that applies the filter from one that ignores it.
/// </summary>
internal sealed class QueryCase(string name, Func<Random, StatementRequest> next, StatementRequest? emptyWindow = null)
{
    public string Name => name;

    /// <summary>The filters of xAPI 1.0.3 Part Three 2.1.3, alone and combined, with parameters drawn from <paramref name="sample"/>.</summary>
    public static IReadOnlyList<QueryCase> All(IReadOnlyList<GeneratedStatement> sample, DateTimeOffset loadStarted, DateTimeOffset loadEnded)
    {
        var registered = sample.Where(s => s.Registration is not null).ToList();
        var inContext = sample.Where(s => s.ContextActivityIds.Count > 0).ToList();
        var instructed = sample.Where(s => s.Instructor is not null).ToList();
        GeneratedStatement Any(Random r) => sample[r.Next(sample.Count)];
        DateTimeOffset During(Random r) => loadStarted + (loadEnded - loadStarted) * r.NextDouble();
        // A window of 1% of the load holds about 1% of the statements.
        var window = (loadEnded - loadStarted) / 100;
        var afterLoad = loadEnded.AddMinutes(1);

        return
        [
            new("agent", r => Agent(Any(r).Actor)),
            new("verb", r => Verb(Any(r).VerbId)),
            new("activity", r => Activity(Any(r).ActivityId)),
            new("registration", r => Registration(registered[r.Next(registered.Count)].Registration!.Value)),
            new("verb + activity", r => { var s = Any(r); return And(Verb(s.VerbId), Activity(s.ActivityId)); }),
            new("agent + verb", r => { var s = Any(r); return And(Agent(s.Actor), Verb(s.VerbId)); }),
            new("activity + related_activities", r =>
            {
                var s = inContext[r.Next(inContext.Count)];
                return RelatedActivities(s.ContextActivityIds[r.Next(s.ContextActivityIds.Count)]);
            }),
            new("agent + related_agents", r => RelatedAgents(instructed[r.Next(instructed.Count)].Instructor!)),
            new("since", r => Since(During(r)), Since(afterLoad)),
            new("until", r => Until(During(r)), Until(loadStarted.AddMinutes(-1))),
            new("since + until (1% of the load)", r => { var from = During(r); return And(Since(from), Until(from + window)); },
                And(Since(afterLoad), Until(afterLoad.AddMinutes(1)))),
            new("activity + since", r => And(Activity(Any(r).ActivityId), Since(During(r))), And(Activity(sample[0].ActivityId), Since(afterLoad))),
            new("no filter", _ => Unfiltered()),
            new("no filter, its more link", _ => Unfiltered() with { FollowMore = true }),
            new("activity, its more link", r => Activity(Any(r).ActivityId) with { FollowMore = true }),
        ];
    }

    public async Task<QueryOutcome> MeasureAsync(HttpClient client, int runs, Random random)
    {
        string? ignored = null;
        if (emptyWindow is not null)
        {
            var probe = await StatementAnswer.GetAsync(client, emptyWindow);
            if (probe.Refusal is not null) return QueryOutcome.Refused(probe.Refusal);
            if (probe.Statements.Count > 0)
                ignored = $"ignored: a window with nothing stored in it answered {probe.Statements.Count} statements";
        }
        for (var i = 0; i < StatementQuery.WarmUpRuns; i++)
            if ((await NextAsync(client, random)).Answer.Refusal is { } refusal) return QueryOutcome.Refused(refusal);

        var milliseconds = new List<double>(runs);
        long rows = 0, outside = 0, broadly = 0;
        var broad = false;
        for (var i = 0; i < runs; i++)
        {
            var (request, answer) = await NextAsync(client, random);
            if (answer.Refusal is not null) return QueryOutcome.Refused(answer.Refusal);
            milliseconds.Add(answer.Milliseconds);
            rows += answer.Statements.Count;
            outside += answer.Statements.Count(s => !request.Matches(s));
            if (request.Broadly is null) continue;
            broad = true;
            broadly += answer.Statements.Count(request.Broadly);
        }
        if (outside > 0) ignored ??= $"ignored: {outside:N0} of {rows:N0} statements answered lie outside the filter";
        if (broad && broadly == 0) ignored ??= "ignored: no statement answered matched only through the related_* flag";
        return new QueryOutcome("200", Latencies.Of(milliseconds), (double)rows / runs, ignored);
    }

    // A request that follows a more link is drawn again while the first page holds the whole answer.
    private async Task<(StatementRequest Request, StatementAnswer Answer)> NextAsync(HttpClient client, Random random)
    {
        for (var attempt = 1; ; attempt++)
        {
            var request = next(random);
            var answer = await StatementAnswer.GetAsync(client, request);
            if (!answer.MoreMissing) return (request, answer);
            if (attempt == 50) return (request, answer with { Refusal = "no answer of 50 had a more link" });
        }
    }

    private static StatementRequest Agent(string agentJson) =>
        new($"agent={Uri.EscapeDataString(agentJson)}", s => StatementJson.IsAgent(s["actor"], agentJson));

    private static StatementRequest Verb(string verbId) =>
        new($"verb={Uri.EscapeDataString(verbId)}", s => StatementJson.Text(s["verb"]?["id"]) == verbId);

    private static StatementRequest Activity(string activityId) =>
        new($"activity={Uri.EscapeDataString(activityId)}", s => StatementJson.Text(s["object"]?["id"]) == activityId);

    private static StatementRequest Registration(Guid registration) =>
        new($"registration={registration}", s => Guid.TryParse(StatementJson.Text(s["context"]?["registration"]), out var r) && r == registration);

    // xAPI 1.0.3 Part Three 2.1.3: related_activities also matches the context activities; related_agents also matches
    // the object, the authority, the instructor and the team (only instructors are generated here).
    private static StatementRequest RelatedActivities(string activityId) =>
        new($"activity={Uri.EscapeDataString(activityId)}&related_activities=true",
            s => StatementJson.Text(s["object"]?["id"]) == activityId || StatementJson.ContextActivityIds(s).Contains(activityId),
            s => StatementJson.Text(s["object"]?["id"]) != activityId);

    private static StatementRequest RelatedAgents(string agentJson) =>
        new($"agent={Uri.EscapeDataString(agentJson)}&related_agents=true",
            s => new[] { s["actor"], s["object"], s["authority"], s["context"]?["instructor"] }.Any(a => StatementJson.IsAgent(a, agentJson)),
            s => !StatementJson.IsAgent(s["actor"], agentJson));

    // Stored times are written to the millisecond; a millisecond of slack keeps rounding from counting as outside.
    private static StatementRequest Since(DateTimeOffset since) =>
        new($"since={Uri.EscapeDataString(StatementJson.Time(since))}", s => StatementJson.Stored(s) > since.AddMilliseconds(-1));

    private static StatementRequest Until(DateTimeOffset until) =>
        new($"until={Uri.EscapeDataString(StatementJson.Time(until))}", s => StatementJson.Stored(s) <= until.AddMilliseconds(1));

    private static StatementRequest Unfiltered() => new("limit=100", _ => true);

    private static StatementRequest And(StatementRequest a, StatementRequest b) =>
        new($"{a.Query}&{b.Query}", s => a.Matches(s) && b.Matches(s), a.Broadly ?? b.Broadly);
}

/// <summary>What GET /xapi/statements answered: the statements, or why it refused; and how long it took.</summary>
internal sealed record StatementAnswer(IReadOnlyList<JsonObject> Statements, double Milliseconds, string? Refusal, bool MoreMissing = false)
{
    /// <summary>Sends <paramref name="request"/>; when it asks to follow the more link, sends that too and times only the second.</summary>
    public static async Task<StatementAnswer> GetAsync(HttpClient client, StatementRequest request)
    {
        var answer = await SendAsync(client, $"xapi/statements?{request.Query}");
        if (!request.FollowMore || answer.Answer.Refusal is not null) return answer.Answer;
        if (answer.More is not { Length: > 0 } more) return answer.Answer with { MoreMissing = true };
        return (await SendAsync(client, more)).Answer;
    }

    private static async Task<(StatementAnswer Answer, string? More)> SendAsync(HttpClient client, string url)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsByteArrayAsync();
            var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var status = (int)response.StatusCode is var code and (400 or 404 or 501) ? $"{code} (not supported" : $"{(int)response.StatusCode} (failed";
                return (new StatementAnswer([], milliseconds, $"{status}: {ProblemCode(body) ?? "no problem code"})"), null);
            }
            var result = JsonNode.Parse(body)!.AsObject();
            var statements = result["statements"]!.AsArray().Select(s => s!.AsObject()).ToList();
            return (new StatementAnswer(statements, milliseconds, null), StatementJson.Text(result["more"]));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (new StatementAnswer([], 0, $"failed ({e.GetType().Name}: {e.Message})"), null);
        }
    }

    private static string? ProblemCode(byte[] body)
    {
        try { return StatementJson.Text(JsonNode.Parse(body)?["code"]); }
        catch (JsonException) { return null; }
    }
}

/// <summary>How one filter fared: its latencies and statements per answer, or the refusal that stopped it.</summary>
internal sealed record QueryOutcome(string Answer, Latencies Latencies, double RowsPerQuery, string? Ignored)
{
    public static QueryOutcome Refused(string refusal) => new(refusal, default, 0, null);

    public bool Met(double targetMs) => Answer == "200" && Ignored is null && Latencies.P95 < targetMs;

    public string Line(string name, double targetMs)
    {
        if (Answer != "200") return $"{name,-34} {Answer}: not met";
        var verdict = Met(targetMs) ? "met" : Ignored is null ? "not met" : $"not met ({Ignored})";
        return $"{name,-34} {Answer,-8} {Latencies.P50,8:F1} {Latencies.P95,8:F1} {Latencies.Max,8:F1} {RowsPerQuery,6:F0}  {verdict}";
    }
}

/// <summary>Reading the parts of a statement's JSON that the filters look at.</summary>
internal static class StatementJson
{
    public static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>Whether <paramref name="node"/> is the Agent of <paramref name="agentJson"/> (by account, as generated).</summary>
    public static bool IsAgent(JsonNode? node, string agentJson)
    {
        var account = JsonNode.Parse(agentJson)!["account"]!;
        return Text(node?["account"]?["name"]) == Text(account["name"])
            && Text(node?["account"]?["homePage"])?.TrimEnd('/') == Text(account["homePage"])!.TrimEnd('/');
    }

    public static IEnumerable<string> ContextActivityIds(JsonObject statement) =>
        statement["context"]?["contextActivities"] is JsonObject kinds
            ? kinds.SelectMany(kind => kind.Value switch
            {
                JsonArray list => list.Select(a => Text(a?["id"])),
                JsonObject one => [Text(one["id"])],
                _ => [],
            }).OfType<string>()
            : [];

    public static DateTimeOffset Stored(JsonObject statement) => DateTimeOffset.Parse(Text(statement["stored"])!, CultureInfo.InvariantCulture);

    /// <summary>An xAPI timestamp (ISO 8601, UTC) to the millisecond, as the LRS writes stored.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
