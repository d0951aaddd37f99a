namespace MicroCredLti.Tests.Infrastructure;

/// <summary>A test class whose every test gets a fresh tool host over a fresh SQLite database.</summary>
public abstract class HostTest : IAsyncLifetime
{
    protected TestDatabase Database { get; private set; } = null!;
    protected ToolHost Tool { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(Storage.Sqlite);
        Tool = ToolHost.Start(Database);
    }

    public async Task DisposeAsync()
    {
        await Tool.DisposeAsync();
        await Database.DisposeAsync();
    }
}
