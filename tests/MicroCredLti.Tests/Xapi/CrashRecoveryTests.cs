using System.Net;
using System.Text.Json.Nodes;
using MicroCredLti.Tests.Infrastructure;
using Npgsql;

namespace MicroCredLti.Tests.Xapi;

/// <summary>
/// A host killed without warning (SIGKILL) in the middle of a stream of batches loses nothing it acknowledged, keeps
/// no part of a batch it did not finish, and stores nothing twice when clients send again after the restart.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const int BatchSize = 50;

    [Fact]
    public async Task Every_acknowledged_batch_survives_a_kill_and_no_batch_is_half_stored()
    {
        await using var database = await TestDatabase.CreateAsync(Storage.PostgreSql);
        var settings = new Dictionary<string, string?>(database.Settings)
        {
            ["MicroCred:Roles"] = "lrs",
            ["XapiCollector:Clients:0:Key"] = ToolHost.LrsKey,
            ["XapiCollector:Clients:0:Secret"] = ToolHost.LrsSecret,
            ["XapiCollector:Clients:0:Scopes:0"] = "all",
        };
        var batches = Enumerable.Range(0, 400).Select(_ => Batch()).ToList();
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<int>();

        await using (var host = await HostProcess.StartAsync(settings))
        {
            var next = -1;
            var senders = Enumerable.Range(0, 4).Select(async _ =>
            {
                using var http = new HttpClient { BaseAddress = host.Address }.WithLrsHeaders();
                for (var i = Interlocked.Increment(ref next); i < batches.Count; i = Interlocked.Increment(ref next))
                {
                    try
                    {
                        var response = await http.PostAsync("xapi/statements", LrsClient.JsonContent(batches[i].Body));
                        if (response.StatusCode == HttpStatusCode.OK) acknowledged.Add(i);
                    }
                    catch (HttpRequestException)
                    {
                        return; // the host is gone
                    }
                }
            }).ToList();
            while (acknowledged.Count < 40) await Task.Delay(10);
            await host.KillAsync();
            await Task.WhenAll(senders);
        }

        // After the restart every client sends again what it had not seen acknowledged, as xAPI clients do.
        await using (var restarted = await HostProcess.StartAsync(settings))
        {
            using var http = new HttpClient { BaseAddress = restarted.Address }.WithLrsHeaders();
            var resent = batches.Where((_, i) => !acknowledged.Contains(i)).Take(5).ToList();
            foreach (var batch in resent)
                (await http.PostAsync("xapi/statements", LrsClient.JsonContent(batch.Body))).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var stored = await StoredIdsAsync(database);
        foreach (var i in acknowledged)
            stored.Should().Contain(batches[i].Ids, $"batch {i} was acknowledged");
        foreach (var (batch, i) in batches.Select((b, i) => (b, i)))
            batch.Ids.Count(stored.Contains).Should().BeOneOf([0, BatchSize], $"batch {i} is stored whole or not at all");
    }

    private static (string Body, IReadOnlyList<string> Ids) Batch()
    {
        var statements = Enumerable.Range(0, BatchSize).Select(_ => Fixtures.Statement(Fixtures.MoodleCourseCompleted).DeepClone().AsObject()
            .By("https://moodle.example.edu", Random.Shared.Next(1, 500).ToString())).ToList();
        return (new JsonArray(statements.Select(s => (JsonNode)s).ToArray()).ToJsonString(), statements.Select(s => s["id"]!.GetValue<string>()).ToList());
    }

    private static async Task<HashSet<string>> StoredIdsAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.Settings["MicroCred:Storage:ConnectionString"]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT statement_id::text FROM xapi_statements", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        ids.Should().OnlyHaveUniqueItems("a statement sent again after the restart is not stored twice");
        return [.. ids];
    }
}
