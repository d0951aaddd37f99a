using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MicroCredLti.ServiceDefaults.Storage;

/// <summary>
/// SQLite lets one transaction write at a time. Writers that race for the file lock are refused and retried after a
/// sleep, so under concurrent batches most time is spent waiting; writers that queue in the process take turns at once.
/// Elsewhere this is a no-op.
/// </summary>
public static class SqliteWriteLock
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new();

    /// <summary>Waits for this process's turn to write to <paramref name="db"/>'s SQLite file; nothing to wait for on a server database.</summary>
    public static async Task<IAsyncDisposable> AcquireAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite()) return Released.Instance;
        var gate = Locks.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Held(gate);
    }

    private sealed class Held(SemaphoreSlim gate) : IAsyncDisposable
    {
        private int released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) gate.Release();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Released : IAsyncDisposable
    {
        public static readonly Released Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// In WAL mode, <c>synchronous=NORMAL</c> keeps every committed transaction through a crash of the process (what
/// <c>kill -9</c> tests); only a power loss may roll back the last ones. SQLite is the embedded default for one machine;
/// production runs on PostgreSQL. A checkpoint every 16,384 pages instead of SQLite's 1,000 writes a page that many
/// batches change (an index's hot pages) back to the database file once, not after every batch or two.
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=16384;";
        command.ExecuteNonQuery();
    }
}
