using MicroCredLti.XapiCollector.Storage;
using Microsoft.EntityFrameworkCore;

namespace MicroCredLti.XapiCollector.Statements;

/// <summary>
/// Where statement rows are written: the one part of storing a batch that differs by database. Both calls run inside the
/// transaction the caller opened on <see cref="XapiDbContext"/>.
/// </summary>
internal interface IStatementWriter
{
    /// <summary>The instant the batch is stored at, to the millisecond, as <c>stored</c> shows it (Data 2.4.8).</summary>
    Task<DateTimeOffset> StoredTimeAsync(XapiDbContext db, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts the rows whose statement id is not stored yet and gives each its <see cref="StoredStatement.Sequence"/>.
    /// Returns the payloads already stored under the ids of the other rows, which are left as they are.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, string>> InsertNewAsync(XapiDbContext db, IReadOnlyList<StoredStatement> rows, CancellationToken cancellationToken);
}

internal static class StatementWriter
{
    /// <summary>The writer for the database <paramref name="db"/> runs on.</summary>
    public static IStatementWriter For(XapiDbContext db, TimeProvider clock) =>
        db.Database.IsNpgsql() ? PostgresStatementWriter.Instance : new EntityStatementWriter(clock);

    /// <summary><paramref name="instant"/> to the millisecond: <c>stored</c> in a statement has millisecond precision, and the column must equal it.</summary>
    public static DateTimeOffset ToMilliseconds(DateTimeOffset instant) =>
        new(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}

/// <summary>
/// EF Core, for SQLite and SQL Server: the ids already stored are read first, then the rest are inserted. A concurrent
/// request that inserts one of the same ids in between makes the insert fail, and the caller's retry reads it back.
/// </summary>
internal sealed class EntityStatementWriter(TimeProvider clock) : IStatementWriter
{
    public Task<DateTimeOffset> StoredTimeAsync(XapiDbContext db, CancellationToken cancellationToken) =>
        Task.FromResult(StatementWriter.ToMilliseconds(clock.GetUtcNow()));

    public async Task<IReadOnlyDictionary<Guid, string>> InsertNewAsync(XapiDbContext db, IReadOnlyList<StoredStatement> rows,
        CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.StatementId).ToList();
        var existing = await db.Statements.AsNoTracking().Where(s => ids.Contains(s.StatementId))
            .ToDictionaryAsync(s => s.StatementId, s => s.Payload, cancellationToken);
        db.Statements.AddRange(rows.Where(r => !existing.ContainsKey(r.StatementId)));
        await db.SaveChangesAsync(cancellationToken);
        // The rows change only through set-based updates from here on (voiding), which tracked copies would not see.
        db.ChangeTracker.Clear();
        return existing;
    }
}
