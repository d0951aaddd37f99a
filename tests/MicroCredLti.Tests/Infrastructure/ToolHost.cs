using System.Net;
using Hangfire;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace MicroCredLti.Tests.Infrastructure;

/// <summary>
/// The product's real host (Program), in process, over its database. Settings are the product's own configuration
/// keys, so each test states the deployment it runs against.
/// </summary>
public sealed class ToolHost : IAsyncDisposable
{
    public const string LrsKey = "test-lrs-client";
    public const string LrsSecret = "test-lrs-secret-0123456789";
    public const string RegistrarClientId = "test-registrar";
    public const string RegistrarSecret = "test-registrar-secret-0123456789";
    public const string AdminClientId = "test-admin";
    public const string AdminSecret = "test-admin-secret-0123456789";

    private readonly WebApplicationFactory<Program> factory;

    private ToolHost(WebApplicationFactory<Program> factory, Uri? loopbackAddress = null) =>
        (this.factory, LoopbackAddress) = (factory, loopbackAddress);

    /// <summary>Where the host listens when started on Kestrel, for clients outside this process (node, browsers).</summary>
    public Uri? LoopbackAddress { get; }

    /// <summary>The real host on Kestrel at a free loopback port, for clients that speak real HTTP from another process.</summary>
    public static ToolHost StartOnLoopback(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var factory = Configure(database, settings, services: null);
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ToolHost(factory, new Uri(address));
    }

    public static ToolHost Start(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var factory = Configure(database, settings, services);
        _ = factory.Server; // start now, so that migrations and seeding happen before the test acts
        return new ToolHost(factory);
    }

    private static WebApplicationFactory<Program> Configure(TestDatabase database, IReadOnlyDictionary<string, string?>? settings,
        Action<IServiceCollection>? services)
    {
        var all = new Dictionary<string, string?>
        {
            ["Lti:AllowInsecurePlatformEndpoints"] = "true",
            ["XapiCollector:Clients:0:Key"] = LrsKey,
            ["XapiCollector:Clients:0:Secret"] = LrsSecret,
            ["XapiCollector:Clients:0:Name"] = "Test xAPI client",
            ["XapiCollector:Clients:0:Scopes:0"] = "all",
            ["ApiAccess:AllowInsecureHttp"] = "true",
            ["ApiAccess:Clients:0:ClientId"] = AdminClientId,
            ["ApiAccess:Clients:0:ClientSecret"] = AdminSecret,
            ["ApiAccess:Clients:0:DisplayName"] = "Test admin automation",
            ["ApiAccess:Clients:0:Scopes:0"] = "microcred.admin",
            // The registrar as deployments configured it before API access was shared: still an API client.
            ["Registrar:Clients:0:ClientId"] = RegistrarClientId,
            ["Registrar:Clients:0:ClientSecret"] = RegistrarSecret,
            ["Registrar:Clients:0:DisplayName"] = "Test registrar",
            ["CreditMapper:SweepCron"] = Cron.Never(),
            ["MicroCred:Worker:SchedulePollingInterval"] = "00:00:01",
        };
        foreach (var (key, value) in database.Settings) all[key] = value;
        // A test's null leaves the setting out, as a deployment that does not set it.
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            if (value is null) all.Remove(key);
            else all[key] = value;

        return new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseEnvironment("Testing");
            foreach (var (key, value) in all) host.UseSetting(key, value);
            if (services is not null) host.ConfigureTestServices(services);
        });
    }

    public IServiceProvider Services => factory.Services;

    /// <summary>A browser-like client: HTTPS base address and a cookie jar, as the LMS's iframe would have.</summary>
    public HttpClient CreateBrowser() =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

    public HttpClient CreateClient() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public void TriggerCreditSweep() =>
        Services.GetRequiredService<IRecurringJobManager>().Trigger(CreditMapper.Sweep.CreditSweep.RecurringJobId);

    public ValueTask DisposeAsync() => factory.DisposeAsync();
}
