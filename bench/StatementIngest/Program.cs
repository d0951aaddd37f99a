// Statement ingest benchmark: posts generated xAPI statements to the real LRS over loopback HTTP and reports throughput.
// See bench/README.md.
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MicroCredLti.Bench;

internal static class StatementIngest
{
    private const double TargetPerSecond = 20_000;
    private const string Target = "target: >= 20,000 statements/s over HTTP on PostgreSQL (issue: LRS ingest)";

    public static async Task<int> Main(string[] args)
    {
        if (!BenchOptions.TryParse(args, out var options, out var usage))
        {
            Console.Error.WriteLine(usage);
            return 2;
        }

        var repoRoot = RepoRoot();
        var fixtures = options.Fixtures ?? Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "fixtures", "xapi"));
        var generator = StatementGenerator.Load(fixtures);

        await using var storage = await BenchStorage.CreateAsync(Environment.GetEnvironmentVariable("MICROCRED_BENCH_POSTGRES"));
        await using var host = new LrsHost(Path.Combine(repoRoot, "src", "Host"), storage.Settings);
        host.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        host.StartServer();
        var address = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        // Bodies are built before the clock starts so that only the HTTP round trips and the LRS are timed.
        var warmUp = Batches(generator, options.WarmUp, options.Batch);
        var batches = Batches(generator, options.Statements, options.Batch);

        var clients = Enumerable.Range(0, options.Concurrency).Select(_ => LrsHost.Client(address)).ToArray();
        try
        {
            foreach (var body in warmUp)
                if (await PostAsync(clients[0], body) is { } warmUpError)
                {
                    Console.Error.WriteLine($"warm-up failed: {warmUpError}");
                    return 1;
                }

            var latencies = new double[batches.Length];
            var failures = new List<string>();
            var next = -1;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select(client => Task.Run(async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < batches.Length; i = Interlocked.Increment(ref next))
                {
                    var started = Stopwatch.GetTimestamp();
                    var error = await PostAsync(client, batches[i]);
                    latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (error is null) continue;
                    lock (failures) failures.Add($"batch {i}: {error}");
                    Volatile.Write(ref next, batches.Length); // stop every sender
                }
            })));
            clock.Stop();

            if (failures.Count > 0)
            {
                foreach (var failure in failures) Console.Error.WriteLine(failure);
                return 1;
            }

            Array.Sort(latencies);
            var perSecond = options.Statements / clock.Elapsed.TotalSeconds;
            var onPostgres = storage.Provider == "PostgreSql";
            var memory = Process.GetCurrentProcess();
            // The ceiling for this machine and this run: the same statements, binary-COPYed straight into an indexed table.
            var ceiling = onPostgres ? await CopyCeiling.MeasureAsync(storage.Settings["MicroCred:Storage:ConnectionString"], batches) : (double?)null;
            Console.WriteLine($"""
                provider:        {storage.Provider}
                statements:      {options.Statements:N0}
                batch size:      {options.Batch}
                concurrency:     {options.Concurrency}
                elapsed:         {clock.Elapsed.TotalSeconds:F2} s
                throughput:      {perSecond:N0} statements/s
                batch latency:   p50 {Percentile(latencies, 0.50):F1} ms, p95 {Percentile(latencies, 0.95):F1} ms, max {latencies[^1]:F1} ms
                memory:          {memory.WorkingSet64 / 1048576:N0} MB working set, {memory.PeakWorkingSet64 / 1048576:N0} MB peak (host and clients, one process)
                COPY ceiling:    {(ceiling is { } c ? $"{c:N0} rows/s binary COPY into an indexed table; HTTP ingest is {perSecond / c:P0} of it" : "measured on PostgreSQL only")}
                {Target}: {(perSecond >= TargetPerSecond ? "met" : "not met")}{(onPostgres ? "" : $" (this run used {storage.Provider}; the target is for PostgreSQL)")}
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

    private static async Task<string?> PostAsync(HttpClient client, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync("xapi/statements", content);
        return response.StatusCode == HttpStatusCode.OK ? null : $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MicroCredLti.sln"))) return dir.FullName;
        throw new InvalidOperationException("MicroCredLti.sln not found above the benchmark's output directory.");
    }
}

internal sealed record BenchOptions(int Statements, int Batch, int Concurrency, int WarmUp, string? Fixtures)
{
    public static bool TryParse(string[] args, out BenchOptions options, out string usage)
    {
        usage = "usage: StatementIngest [--statements N] [--batch N] [--concurrency N] [--warmup N] [--fixtures DIR]";
        options = new BenchOptions(20_000, 100, 4, 50, null);
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            int? count = int.TryParse(value, out var n) && n > 0 ? n : null;
            switch (args[i])
            {
                case "--statements" when count is not null: options = options with { Statements = count.Value }; break;
                case "--batch" when count is not null: options = options with { Batch = count.Value }; break;
                case "--concurrency" when count is not null: options = options with { Concurrency = count.Value }; break;
                case "--warmup" when count is not null: options = options with { WarmUp = count.Value }; break;
                case "--fixtures" when value is not null: options = options with { Fixtures = value }; break;
                default: return false;
            }
        }
        return true;
    }
}

/// <summary>The real host with only the LRS role, listening on Kestrel.</summary>
internal sealed class LrsHost(string contentRoot, IReadOnlyDictionary<string, string> storageSettings) : WebApplicationFactory<Program>
{
    private const string Key = "bench-lrs-client";
    private const string Secret = "bench-lrs-secret-0123456789";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // WebApplicationFactory looks for its content-root manifest in the working directory, which `dotnet run` does not set.
        builder.UseContentRoot(contentRoot);
        builder.UseEnvironment("Production");
        builder.UseSetting("MicroCred:Roles", "lrs");
        builder.UseSetting("XapiCollector:Clients:0:Key", Key);
        builder.UseSetting("XapiCollector:Clients:0:Secret", Secret);
        builder.UseSetting("XapiCollector:Clients:0:Name", "Statement ingest benchmark");
        builder.UseSetting("XapiCollector:Clients:0:Scopes:0", "all");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:Console:FormatterName", "simple");
        foreach (var (key, value) in storageSettings) builder.UseSetting(key, value);
    }

    public static HttpClient Client(Uri address)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Key}:{Secret}")));
        client.DefaultRequestHeaders.Add("X-Experience-API-Version", "1.0.3");
        return client;
    }
}

/// <summary>A fresh SQLite directory, or a fresh PostgreSQL database when a connection string is given; removed afterwards.</summary>
internal sealed class BenchStorage : IAsyncDisposable
{
    private readonly Func<Task> cleanUp;

    private BenchStorage(string provider, IReadOnlyDictionary<string, string> settings, Func<Task> cleanUp) =>
        (Provider, Settings, this.cleanUp) = (provider, settings, cleanUp);

    public string Provider { get; }
    public IReadOnlyDictionary<string, string> Settings { get; }

    public static async Task<BenchStorage> CreateAsync(string? postgres)
    {
        var name = $"microcred_bench_{Guid.NewGuid():N}"[..24];
        if (string.IsNullOrWhiteSpace(postgres))
        {
            var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), name)).FullName;
            return new BenchStorage("Sqlite", new Dictionary<string, string>
            {
                ["MicroCred:Storage:Provider"] = "Sqlite",
                ["MicroCred:Storage:DataDirectory"] = directory,
            }, () =>
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
                return Task.CompletedTask;
            });
        }

        var maintenance = new NpgsqlConnectionStringBuilder(postgres) { Database = "postgres" }.ConnectionString;
        await ExecuteAsync(maintenance, $"CREATE DATABASE {name}");
        return new BenchStorage("PostgreSql", new Dictionary<string, string>
        {
            ["MicroCred:Storage:Provider"] = "PostgreSql",
            ["MicroCred:Storage:ConnectionString"] = new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ConnectionString,
        }, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(maintenance, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        });
    }

    public async ValueTask DisposeAsync() => await cleanUp();

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
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

/// <summary>
/// Statements shaped like the Open edX (event-routing-backends) and Moodle (logstore_xapi) fixtures, each with a new id,
/// one of <see cref="Learners"/> learners and one of <see cref="Activities"/> courses or course modules.
/// </summary>
internal sealed partial class StatementGenerator(IReadOnlyList<string> templates)
{
    private const int Learners = 1_000;
    private const int Activities = 200;

    private static readonly string[] Fixtures =
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
    ];

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string[] learners = Enumerable.Range(0, Learners).Select(_ => Guid.NewGuid().ToString()).ToArray();
    private readonly Random random = new(42);
    private readonly DateTimeOffset now = DateTimeOffset.UtcNow;
    private int count;

    public static StatementGenerator Load(string directory) => new(Fixtures.SelectMany(file =>
    {
        // Open edX course keys and Moodle course and module ids vary; Moodle files hold an array of statements.
        var text = MoodleId().Replace(File.ReadAllText(Path.Combine(directory, file)), "{{activity}}")
            .Replace("edX+DemoX+Demo_Course", "MicroCred+C{{activity}}+2025");
        var node = JsonNode.Parse(text)!;
        return node is JsonArray array ? array.Select(s => s!.AsObject()) : [node.AsObject()];
    }).Select(Template).ToList());

    /// <summary>A JSON array of <paramref name="size"/> statements, as UTF-8.</summary>
    public byte[] Body(int size)
    {
        var body = new StringBuilder("[");
        for (var i = 0; i < size; i++)
        {
            if (i > 0) body.Append(',');
            body.Append(new StringBuilder(templates[count++ % templates.Count])
                .Replace("{{id}}", Guid.NewGuid().ToString())
                .Replace("{{learner}}", learners[random.Next(Learners)])
                .Replace("{{activity}}", random.Next(1, Activities + 1).ToString())
                .Replace("{{timestamp}}", now.AddSeconds(-random.Next(30 * 24 * 3600)).ToString("O")));
        }
        return Encoding.UTF8.GetBytes(body.Append(']').ToString());
    }

    private static string Template(JsonObject statement)
    {
        statement["id"] = "{{id}}";
        statement["actor"]!["account"]!["name"] = "{{learner}}";
        statement["timestamp"] = "{{timestamp}}";
        statement.Remove("stored");
        statement.Remove("authority");
        return statement.ToJsonString(Relaxed);
    }

    [GeneratedRegex(@"(?<=\.php\?id=)\d+")]
    private static partial Regex MoodleId();
}
