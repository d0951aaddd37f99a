using MicroCredLti.XapiCollector.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MicroCredLti.XapiCollector.Feed;

internal sealed class StatementFeed(XapiDbContext db, IOptions<XapiCollectorOptions> options, TimeProvider clock) : IStatementFeed
{
    public async Task<IReadOnlyList<FeedStatement>> ReadAfterAsync(long sequence, int maxCount, CancellationToken cancellationToken = default)
    {
        var rows = await db.Statements.AsNoTracking()
            .Where(s => s.Sequence > sequence)
            .OrderBy(s => s.Sequence)
            .Take(maxCount)
            .Select(s => new FeedStatement(s.Sequence, s.StatementId, s.LearnerId, s.VerbId, s.ActivityId, s.Registration, s.Voided,
                s.Timestamp, s.Stored, s.Payload))
            .ToListAsync(cancellationToken);
        return FeedWindow.UpToFirstYoungGap(rows, sequence, clock.GetUtcNow() - options.Value.FeedGapTolerance);
    }
}

/// <summary>
/// On PostgreSQL and SQL Server, concurrent inserts take sequence numbers in one order and commit in another, so for
/// a moment sequence 11 can be visible while 10 is not. A reader that moved its cursor past 11 would never see 10.
/// The feed therefore stops before a gap until the statement after it is older than the gap tolerance: by then the
/// missing number has committed, or its transaction rolled back and the gap is permanent.
/// </summary>
public static class FeedWindow
{
    public static IReadOnlyList<FeedStatement> UpToFirstYoungGap(IReadOnlyList<FeedStatement> rows, long after, DateTimeOffset settledBefore)
    {
        var expected = after + 1;
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Sequence != expected && rows[i].Stored > settledBefore)
                return rows.Take(i).ToList();
            expected = rows[i].Sequence + 1;
        }
        return rows;
    }
}
