using MicroCredLti.XapiCollector.Learners;
using MicroCredLti.XapiCollector.Model;
using MicroCredLti.XapiCollector.Storage;
using Microsoft.EntityFrameworkCore;

namespace MicroCredLti.XapiCollector.Statements;

/// <summary>Filters of GET /statements (xAPI 1.0.3 Part Three 2.1.3) that this store answers.</summary>
public sealed record StatementFilter(
    Agent? Agent = null,
    string? VerbId = null,
    string? ActivityId = null,
    Guid? Registration = null,
    bool Ascending = false,
    long? Cursor = null,
    int Limit = StatementQuery.DefaultLimit);

/// <summary>A page of statements; <see cref="NextCursor"/> continues where it ended, in the same order.</summary>
public sealed record StatementPage(IReadOnlyList<string> Payloads, long? NextCursor);

internal sealed class StatementQuery(XapiDbContext db)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public async Task<string?> FindAsync(Guid statementId, bool voided, CancellationToken cancellationToken) =>
        await db.Statements.Where(s => s.StatementId == statementId && s.Voided == voided)
            .Select(s => s.Payload).SingleOrDefaultAsync(cancellationToken);

    public async Task<StatementPage> ListAsync(StatementFilter filter, CancellationToken cancellationToken)
    {
        var query = db.Statements.Where(s => !s.Voided);
        if (filter.Agent is not null)
        {
            var identifier = AgentIdentifier.Of(filter.Agent);
            var learnerId = await db.LearnerAccounts.Where(a => a.Identifier == identifier)
                .Select(a => (Guid?)a.LearnerId).SingleOrDefaultAsync(cancellationToken);
            query = query.Where(s => s.LearnerId == learnerId && learnerId != null);
        }
        if (filter.VerbId is not null) query = query.Where(s => s.VerbId == filter.VerbId);
        if (filter.ActivityId is not null) query = query.Where(s => s.ActivityId == filter.ActivityId);
        if (filter.Registration is not null) query = query.Where(s => s.Registration == filter.Registration);
        if (filter.Cursor is { } cursor)
            query = filter.Ascending ? query.Where(s => s.Sequence > cursor) : query.Where(s => s.Sequence < cursor);

        // Newest first unless the client asks for ascending order (xAPI 1.0.3 Part Three 2.1.3).
        var limit = filter.Limit is <= 0 or > MaxLimit ? MaxLimit : filter.Limit;
        var ordered = filter.Ascending ? query.OrderBy(s => s.Sequence) : query.OrderByDescending(s => s.Sequence);
        var rows = await ordered.Take(limit + 1)
            .Select(s => new { s.Sequence, s.Payload }).ToListAsync(cancellationToken);
        var page = rows.Take(limit).ToList();
        return new StatementPage(page.Select(r => r.Payload).ToList(), rows.Count > limit ? page[^1].Sequence : null);
    }
}
