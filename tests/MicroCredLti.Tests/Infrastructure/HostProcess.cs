using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MicroCredLti.Tests.Infrastructure;

/// <summary>
/// The product as it runs in production: its own process (<c>dotnet MicroCredLti.dll</c> from src/Host's build output),
/// on a loopback port, that a test can kill without warning.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;

    private HostProcess(Process process, Uri address) => (this.process, Address) = (process, address);

    public Uri Address { get; }

    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [HostAssembly()])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(HostAssembly())!,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        using var probe = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 150; attempt++)
        {
            if (process.HasExited) throw new InvalidOperationException($"The host exited with {process.ExitCode} while starting.");
            try
            {
                if ((await probe.GetAsync("health/ready")).StatusCode == HttpStatusCode.OK) return host;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        await host.DisposeAsync();
        throw new TimeoutException("The host did not become ready within 30 seconds.");
    }

    /// <summary>SIGKILL: no shutdown, no flushing, as a crashed or OOM-killed pod.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) await KillAsync();
        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string HostAssembly()
    {
        // The test binaries sit in tests/MicroCredLti.Tests/bin/<Configuration>/net10.0; the host's in src/Host/bin/<same>.
        var testBinaries = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBinaries.Parent!.Name;
        for (var directory = testBinaries; directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", "Host", "bin", configuration, testBinaries.Name, "MicroCredLti.dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"MicroCredLti.dll ({configuration}) was not found; build the solution first.");
    }
}
