namespace MicroCredLti.Tests.Infrastructure;

/// <summary>
/// The world of an end-to-end test: a Moodle-like platform, a fresh database, and the supply-chain program whose
/// courses live on that platform. Tool hosts started from it are registered with the platform and load the program.
/// </summary>
public sealed class ProgramScenario : IAsyncDisposable
{
    private ProgramScenario(PlatformEmulator platform, TestDatabase database)
    {
        Platform = platform;
        Database = database;
        Programs = TestPrograms.SupplyChain(platform.Issuer);
    }

    public PlatformEmulator Platform { get; }
    public TestDatabase Database { get; }
    public TestPrograms Programs { get; }

    public static async Task<ProgramScenario> CreateAsync(Storage storage) =>
        new(await PlatformEmulator.StartMoodleAsync(), await TestDatabase.CreateAsync(storage));

    public ToolHost StartTool(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>(Platform.Registration()) { ["CreditMapper:ProgramsFile"] = Programs.File };
        foreach (var (key, value) in settings) all[key] = value;
        return ToolHost.Start(Database, all);
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        await Platform.DisposeAsync();
    }
}
