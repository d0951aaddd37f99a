using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MicroCredLti.Bench;

/// <summary>The real host (by default with only the LRS role), listening on Kestrel at a free loopback port: real sockets, not TestServer.</summary>
internal sealed class LrsHost(string contentRoot, IReadOnlyDictionary<string, string> storageSettings, string clientName, string roles,
    IReadOnlyDictionary<string, string?>? settings)
    : WebApplicationFactory<Program>
{
    private const string Key = "bench-lrs-client";
    private const string Secret = "bench-lrs-secret-0123456789";

    /// <summary>Where the LRS answers, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Starts the host on <paramref name="storage"/>; it applies the migrations, so it starts on an empty schema.</summary>
    public static LrsHost Start(BenchStorage storage, string clientName, string roles = "lrs", IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = new LrsHost(Path.Combine(BenchPaths.RepositoryRoot, "src", "Host"), storage.Settings, clientName, roles, settings);
        host.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        host.StartServer();
        host.Address = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // WebApplicationFactory looks for its content-root manifest in the working directory, which `dotnet run` does not set.
        builder.UseContentRoot(contentRoot);
        builder.UseEnvironment("Production");
        builder.UseSetting("MicroCred:Roles", roles);
        builder.UseSetting("XapiCollector:Clients:0:Key", Key);
        builder.UseSetting("XapiCollector:Clients:0:Secret", Secret);
        builder.UseSetting("XapiCollector:Clients:0:Name", clientName);
        builder.UseSetting("XapiCollector:Clients:0:Scopes:0", "all");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:Console:FormatterName", "simple");
        foreach (var (key, value) in storageSettings) builder.UseSetting(key, value);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
    }

    /// <summary>A client of its own, authenticated as the benchmark's LRS client (scope <c>all</c>).</summary>
    public HttpClient LrsClient()
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Key}:{Secret}")));
        client.DefaultRequestHeaders.Add("X-Experience-API-Version", "1.0.3");
        return client;
    }
}

internal static class BenchPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The shared fixtures beside the repository (<c>../shared/fixtures/xapi</c>); they are not copied into it.</summary>
    public static string Fixtures => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "fixtures", "xapi"));

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MicroCredLti.sln"))) return dir.FullName;
        throw new InvalidOperationException("MicroCredLti.sln not found above the benchmark's output directory.");
    }
}
