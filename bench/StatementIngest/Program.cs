// Statement ingest benchmark: posts generated xAPI statements to the real LRS over loopback HTTP and reports throughput.
// See bench/README.md.
using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;

namespace MicroCredLti.Bench;

internal static class StatementIngest
{
    private const double TargetPerSecond = 20_000;
    private const string Target = "target: >= 20,000 statements/s over HTTP on PostgreSQL (issue: LRS ingest)";

    // The ingest figures in bench/README.md were measured with these statements.
    /// <summary>The largest working set seen until <paramref name="stop"/>, in bytes.</summary>
    private static async Task<long> SamplePeakWorkingSetAsync(CancellationToken stop)
    {
        var (process, peak) = (Process.GetCurrentProcess(), 0L);
        while (!stop.IsCancellationRequested)
        {
            process.Refresh();
            peak = Math.Max(peak, process.WorkingSet64);
            try { await Task.Delay(100, stop); } catch (OperationCanceledException) { }
        }
        return peak;
    }

    private static readonly StatementShape Shape = new(
    [
        "openedx-event-routing-backends/edx.course.enrollment.activated.json",
        "openedx-event-routing-backends/play_video.json",
        "openedx-event-routing-backends/problem_check(server).json",
        "openedx-event-routing-backends/edx.grades.subsection.grade_calculated.json",
        "openedx-event-routing-backends/edx.completion.block_completion.changed.json",
        "openedx-event-routing-backends/edx.course.grade.passed.first_time.json",
        "moodle-logstore_xapi/core__course_viewed__viewing_existing_course.json",
        "moodle-logstore_xapi/core__course_module_completion_update__completing_existing_module.json",
        "moodle-logstore_xapi/mod_assign__assignment_graded__existing_assignment_graded_comment.json",
        "moodle-logstore_xapi/core__course_completed__completing_existing_course.json",
    ], Learners: 1_000, Courses: 200);

    public static async Task<int> Main(string[] args)
    {
        var counts = new Dictionary<string, int> { ["--statements"] = 20_000, ["--batch"] = 100, ["--concurrency"] = 4, ["--warmup"] = 2_000 };
        if (!BenchArguments.TryParse(args, counts, out var fixtures))
        {
            Console.Error.WriteLine(BenchArguments.Usage("StatementIngest", counts));
            return 2;
        }
        var (statements, batch, concurrency) = (counts["--statements"], counts["--batch"], counts["--concurrency"]);

        var generator = StatementGenerator.Load(fixtures ?? BenchPaths.Fixtures, Shape);
        // Bodies are built before the clock starts so that only the HTTP round trips and the LRS are timed; and before the
        // host starts, so that what building them took is handed back before memory is measured.
        var warmUp = Batches(generator, counts["--warmup"], batch);
        var batches = Batches(generator, statements, batch);
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);

        await using var storage = await BenchStorage.FromEnvironmentAsync();
        await using var host = LrsHost.Start(storage, "Statement ingest benchmark");

        var clients = Enumerable.Range(0, concurrency).Select(_ => host.LrsClient()).ToArray();
        try
        {
            foreach (var body in warmUp)
                if (await BatchSenders.PostAsync(clients[0], body) is { } warmUpError)
                {
                    Console.Error.WriteLine($"warm-up failed: {warmUpError}");
                    return 1;
                }

            using var sampling = new CancellationTokenSource();
            var peakDuringRun = SamplePeakWorkingSetAsync(sampling.Token);
            var clock = Stopwatch.StartNew();
            var (latencies, failures) = await BatchSenders.SendAsync(clients, batches.Length, i => batches[i]);
            clock.Stop();
            await sampling.CancelAsync();
            var peakMegabytes = await peakDuringRun / 1048576;
            var heapMegabytes = GC.GetGCMemoryInfo().HeapSizeBytes / 1048576;
            var liveMegabytes = GC.GetTotalMemory(forceFullCollection: true) / 1048576;

            if (failures.Count > 0)
            {
                foreach (var failure in failures) Console.Error.WriteLine(failure);
                return 1;
            }

            var batchLatency = Latencies.Of(latencies);
            var perSecond = statements / clock.Elapsed.TotalSeconds;
            // The ceiling for this machine and this run: the same statements, binary-COPYed straight into an indexed table.
            var ceiling = storage.IsPostgreSql ? await CopyCeiling.MeasureAsync(storage.Settings["MicroCred:Storage:ConnectionString"], batches) : (double?)null;
            Console.WriteLine($"""
                provider:        {storage.Provider}
                statements:      {statements:N0}
                batch size:      {batch}
                concurrency:     {concurrency}
                elapsed:         {clock.Elapsed.TotalSeconds:F2} s
                throughput:      {perSecond:N0} statements/s
                batch latency:   p50 {batchLatency.P50:F1} ms, p95 {batchLatency.P95:F1} ms, max {batchLatency.Max:F1} ms
                memory:          {peakMegabytes:N0} MB peak working set during the run, sampled every 100 ms (host and clients, one process; {batches.Sum(b => (long)b.Length) / 1048576:N0} MB of it the request bodies built before it); managed heap {heapMegabytes:N0} MB at the end, {liveMegabytes:N0} MB live after a full collection
                COPY ceiling:    {(ceiling is { } c ? $"{c:N0} rows/s binary COPY into an indexed table; HTTP ingest is {perSecond / c:P0} of it" : "measured on PostgreSQL only")}
                {Target}: {(perSecond >= TargetPerSecond ? "met" : "not met")}{(storage.IsPostgreSql ? "" : $" (this run used {storage.Provider}; the target is for PostgreSQL)")}
                """);
            return 0;
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    private static byte[][] Batches(StatementGenerator generator, int statements, int size) =>
        Enumerable.Range(0, (statements + size - 1) / size).Select(i => generator.Body(Math.Min(size, statements - i * size))).ToArray();
}

/// <summary>
/// How fast PostgreSQL itself takes the same statements: binary COPY of their rows (the payload plus the columns an LRS
/// indexes) into a scratch table with a unique id and three secondary indexes, in the same database and the same run.
/// </summary>
internal static class CopyCeiling
{
    public static async Task<double> MeasureAsync(string connectionString, byte[][] bodies)
    {
        var rows = bodies.SelectMany(body => JsonNode.Parse(body)!.AsArray().Select(s => s!.AsObject())).ToList();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("""
            DROP TABLE IF EXISTS bench_copy_ceiling;
            CREATE TABLE bench_copy_ceiling (sequence bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, statement_id uuid NOT NULL,
              actor text NOT NULL, verb_id varchar(2000) NOT NULL, activity_id varchar(2000), stored timestamptz NOT NULL, payload text NOT NULL);
            CREATE UNIQUE INDEX ON bench_copy_ceiling (statement_id);
            CREATE INDEX ON bench_copy_ceiling (actor, sequence);
            CREATE INDEX ON bench_copy_ceiling (verb_id, sequence);
            CREATE INDEX ON bench_copy_ceiling (activity_id, sequence);
            """, connection))
            await create.ExecuteNonQueryAsync();

        // Rows are prepared before the clock starts, as the HTTP bodies are.
        var prepared = rows.Select(r => (Actor: r["actor"]!.ToJsonString(), Verb: r["verb"]!["id"]!.GetValue<string>(),
            Activity: r["object"]?["id"]?.GetValue<string>(), Payload: r.ToJsonString())).ToList();
        var clock = Stopwatch.StartNew();
        foreach (var chunk in prepared.Chunk(100))
        {
            using var copy = connection.BeginBinaryImport(
                "COPY bench_copy_ceiling (statement_id, actor, verb_id, activity_id, stored, payload) FROM STDIN (FORMAT BINARY)");
            foreach (var statement in chunk)
            {
                copy.StartRow();
                copy.Write(Guid.NewGuid(), NpgsqlTypes.NpgsqlDbType.Uuid);
                copy.Write(statement.Actor, NpgsqlTypes.NpgsqlDbType.Text);
                copy.Write(statement.Verb, NpgsqlTypes.NpgsqlDbType.Varchar);
                copy.Write(statement.Activity, NpgsqlTypes.NpgsqlDbType.Varchar);
                copy.Write(DateTime.UtcNow, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                copy.Write(statement.Payload, NpgsqlTypes.NpgsqlDbType.Text);
            }
            copy.Complete();
        }
        clock.Stop();
        await using (var drop = new NpgsqlCommand("DROP TABLE bench_copy_ceiling", connection)) await drop.ExecuteNonQueryAsync();
        return rows.Count / clock.Elapsed.TotalSeconds;
    }
}
