using MicroCredLti.XapiCollector.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MicroCredLti.Tests.Infrastructure;

/// <summary>
/// One tool host over one SQLite database for a whole test class (<c>IClassFixture&lt;SharedHost&gt;</c>): for tests of
/// refusals, which store nothing, and of statements stored under fresh ids.
/// </summary>
public sealed class SharedHost : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public ToolHost Tool { get; private set; } = null!;

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

/// <summary>What the collector holds, read from its tables: for tests that check a refused request stored nothing.</summary>
public static class CollectorTables
{
    public static Task<int> StatementCountAsync(this ToolHost tool) => CountAsync(tool, db => db.Statements.CountAsync());

    public static Task<int> AttachmentCountAsync(this ToolHost tool) => CountAsync(tool, db => db.Attachments.CountAsync());

    private static async Task<int> CountAsync(ToolHost tool, Func<XapiDbContext, Task<int>> count)
    {
        using var scope = tool.Services.CreateScope();
        return await count(scope.ServiceProvider.GetRequiredService<XapiDbContext>());
    }
}
