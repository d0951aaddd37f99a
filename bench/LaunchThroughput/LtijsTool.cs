using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MicroCredLti.Tests.Infrastructure;
using Npgsql;

namespace MicroCredLti.Bench;

/// <summary>The ltijs peer tool (bench/ltijs/server.mjs) run by node on a free loopback port, with a PostgreSQL database of its own.</summary>
internal sealed class LtijsTool : IAsyncDisposable
{
    private readonly string maintenance;
    private readonly string database;

    private LtijsTool(Process process, Uri address, string maintenance, string database) =>
        (Process, Address, this.maintenance, this.database) = (process, address, maintenance, database);

    public Process Process { get; }
    public Uri Address { get; }

    public static async Task<LtijsTool> StartAsync(BenchStorage storage, PlatformEmulator platform, string directory)
    {
        var connection = new NpgsqlConnectionStringBuilder(storage.Settings["MicroCred:Storage:ConnectionString"]);
        var maintenance = new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Database = "postgres" }.ConnectionString;
        var database = $"microcred_bench_ltijs_{Guid.NewGuid():N}"[..40];
        await ExecuteAsync(maintenance, $"CREATE DATABASE {database}");

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo("node", ["server.mjs"]) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in new Dictionary<string, string>
                 {
                     ["PG_HOST"] = connection.Host!, ["PG_USER"] = connection.Username!, ["PG_PASSWORD"] = connection.Password ?? "", ["PG_DATABASE"] = database,
                     ["PLATFORM_ISSUER"] = platform.Issuer, ["PLATFORM_CLIENT_ID"] = platform.ClientId,
                     ["PLATFORM_AUTH"] = $"{platform.BaseUrl}/mod/lti/auth.php", ["PLATFORM_TOKEN"] = $"{platform.BaseUrl}/mod/lti/token.php",
                     ["PLATFORM_JWKS"] = $"{platform.BaseUrl}/mod/lti/certs.php", ["PORT"] = $"{port}",
                 })
            start.Environment[name] = value;
        var process = Process.Start(start)!;
        // ltijs-sequelize reports its migrations on stdout first; the server's own line says it listens.
        string? ready;
        do ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        while (ready is not null && !ready.Contains("\"port\""));
        if (ready is null)
            throw new InvalidOperationException($"ltijs did not start: {await process.StandardError.ReadToEndAsync()}");
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return new LtijsTool(process, new Uri($"http://127.0.0.1:{port}/"), maintenance, database);
    }

    public async ValueTask DisposeAsync()
    {
        Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync();
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(maintenance, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
