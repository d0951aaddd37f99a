namespace MicroCredLti.Tests.Infrastructure;

/// <summary>A test class whose every test gets a fresh tool host over a fresh SQLite database.</summary>
public abstract class HostTest : IAsyncLifetime
{
    private readonly SharedHost host = new();

    protected TestDatabase Database => host.Database;
    protected ToolHost Tool => host.Tool;

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();
}
