using System.Text.Json.Nodes;
using MicroCredLti.LtiTool.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace MicroCredLti.Tests.Infrastructure;

/// <summary>
/// The world of an LTI test: a Moodle-like platform on loopback, a fresh SQLite database, and the tool, registered with
/// the platform (or not, to be registered by the test) and able to have its key set read by the platform.
/// </summary>
public sealed class LtiWorld : IAsyncDisposable
{
    private readonly bool registered;
    private IReadOnlyDictionary<string, string?> settings;

    private LtiWorld(PlatformEmulator platform, TestDatabase database, bool registered, IReadOnlyDictionary<string, string?> settings)
    {
        (Platform, Database, this.registered, this.settings) = (platform, database, registered, settings);
        Tool = StartTool();
    }

    public PlatformEmulator Platform { get; }
    public TestDatabase Database { get; }
    public ToolHost Tool { get; private set; }

    public static async Task<LtiWorld> StartAsync(bool registered = true, params (string Key, string Value)[] settings) =>
        new(await PlatformEmulator.StartMoodleAsync(), await TestDatabase.CreateAsync(Storage.Sqlite), registered, ToDictionary(settings));

    /// <summary>Starts the tool again with these settings besides the registration, on the same database.</summary>
    public async Task RestartAsync(params (string Key, string Value)[] settings)
    {
        await Tool.DisposeAsync();
        this.settings = ToDictionary(settings);
        Tool = StartTool();
    }

    public Task<HttpResponseMessage> LaunchAsync(LmsUser user, ResourceLink link) => new LtiBrowser(Tool.CreateBrowser()).LaunchAsync(Platform, user, link);

    public async Task<JsonArray> StatementsAsync() => await new LrsClient(Tool.CreateClient()).StatementsAsync();

    /// <summary>The platform's registration as the tool holds it.</summary>
    internal async Task<PlatformRegistration> RegistrationAsync()
    {
        await using var scope = Tool.Services.CreateAsyncScope();
        var lookup = await scope.ServiceProvider.GetRequiredService<PlatformRegistry>().FindAsync(Platform.Issuer, Platform.ClientId, default);
        return ((PlatformLookup.Found)lookup).Platform;
    }

    public async ValueTask DisposeAsync()
    {
        await Tool.DisposeAsync();
        await Database.DisposeAsync();
        await Platform.DisposeAsync();
    }

    private ToolHost StartTool()
    {
        var all = new Dictionary<string, string?>(registered ? Platform.Registration() : []);
        foreach (var (key, value) in settings) all[key] = value;
        var tool = ToolHost.Start(Database, all);
        Platform.ToolKeySet = () => tool.CreateBrowser().GetStringAsync("/lti/jwks");
        return tool;
    }

    private static Dictionary<string, string?> ToDictionary((string Key, string Value)[] settings) =>
        settings.ToDictionary(s => s.Key, s => (string?)s.Value);
}
