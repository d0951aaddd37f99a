using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace MicroCredLti.Bench;

/// <summary>Concurrent senders that post statement batches to <c>POST /xapi/statements</c>, one <see cref="HttpClient"/> each.</summary>
internal static class BatchSenders
{
    /// <summary>
    /// Posts batches 0 to <paramref name="batches"/> - 1, the body of each from <paramref name="bodyOf"/>, from as many
    /// senders as there are clients. The first failure stops every sender. <paramref name="sent"/> hears the number of
    /// batches sent so far after each one.
    /// </summary>
    public static async Task<(double[] LatenciesMs, IReadOnlyList<string> Failures)> SendAsync(
        IReadOnlyList<HttpClient> clients, int batches, Func<int, byte[]> bodyOf, Action<int>? sent = null)
    {
        var latencies = new double[batches];
        var failures = new List<string>();
        var next = -1;
        var done = 0;
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < batches; i = Interlocked.Increment(ref next))
            {
                var body = bodyOf(i);
                var started = Stopwatch.GetTimestamp();
                var error = await PostAsync(client, body);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (error is null)
                {
                    sent?.Invoke(Interlocked.Increment(ref done));
                    continue;
                }
                lock (failures) failures.Add($"batch {i}: {error}");
                Volatile.Write(ref next, batches); // stop every sender
            }
        })));
        return (latencies, failures);
    }

    /// <summary>Null when the batch was stored, else the status code and the response body.</summary>
    public static async Task<string?> PostAsync(HttpClient client, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync("xapi/statements", content);
        return response.StatusCode == HttpStatusCode.OK ? null : $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }
}

/// <summary>p50, p95 and max of a set of latencies, in milliseconds.</summary>
internal readonly record struct Latencies(double P50, double P95, double Max, int Count)
{
    public static Latencies Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return sorted.Length == 0 ? default : new Latencies(At(sorted, 0.50), At(sorted, 0.95), sorted[^1], sorted.Length);
    }

    // Nearest rank: the smallest value with at least p of the samples at or below it.
    private static double At(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
