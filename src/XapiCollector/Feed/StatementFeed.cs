using MicroCredLti.XapiCollector.Storage;
using Microsoft.EntityFrameworkCore;

namespace MicroCredLti.XapiCollector.Feed;

internal sealed class StatementFeed(XapiDbContext db) : IStatementFeed
{
    public async Task<IReadOnlyList<FeedStatement>> ReadAfterAsync(long sequence, int maxCount, CancellationToken cancellationToken = default) =>
        await db.Statements.AsNoTracking()
            .Where(s => s.Sequence > sequence)
            .OrderBy(s => s.Sequence)
            .Take(maxCount)
            .Select(s => new FeedStatement(s.Sequence, s.StatementId, s.LearnerId, s.VerbId, s.ActivityId, s.ActivityType, s.ParentActivityId,
                s.Success, s.ScaledScore, s.Voided, s.Timestamp))
            .ToListAsync(cancellationToken);
}
