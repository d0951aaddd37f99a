using MicroCredLti.XapiCollector.Model;
using MicroCredLti.XapiCollector.Storage;
using Microsoft.EntityFrameworkCore;

namespace MicroCredLti.XapiCollector.Statements;

/// <summary>The filters of GET /statements (xAPI 1.0.3 Part Three 2.1.3), and where a page starts.</summary>
public sealed record StatementFilter
{
    /// <summary>Statements whose actor or object is this Agent or identified Group, or a Group it is a member of.</summary>
    public Agent? Agent { get; init; }

    public string? VerbId { get; init; }

    /// <summary>Statements whose object is this Activity.</summary>
    public string? ActivityId { get; init; }

    public Guid? Registration { get; init; }

    /// <summary><see cref="ActivityId"/> anywhere in the statement: object, context activities, and a SubStatement's.</summary>
    public bool RelatedActivities { get; init; }

    /// <summary><see cref="Agent"/> anywhere: actor, object, authority, instructor, team, and a SubStatement's.</summary>
    public bool RelatedAgents { get; init; }

    /// <summary>Stored after this instant (exclusive).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Stored at or before this instant.</summary>
    public DateTimeOffset? Until { get; init; }

    public bool Ascending { get; init; }

    /// <summary>The sequence the previous page ended at.</summary>
    public long? Cursor { get; init; }

    /// <summary>At most this many statements; 0 for as many as the LRS allows (<see cref="StatementQuery.MaxLimit"/>).</summary>
    public int Limit { get; init; } = StatementQuery.DefaultLimit;

    /// <summary>
    /// Only statements stored with this authority: a client whose scope is statements/read/mine reads what it wrote
    /// (xAPI 1.0.3 Part Three 4.2). Not a filter a client sends.
    /// </summary>
    public Agent? Authority { get; init; }

    internal bool MatchesContent => Agent is not null || VerbId is not null || ActivityId is not null || Registration is not null;
}

/// <summary>A page of statements; <see cref="NextCursor"/> continues where it ended, in the same order.</summary>
public sealed record StatementPage(IReadOnlyList<string> Payloads, long? NextCursor, DateTimeOffset? LastStored);

/// <summary>One statement as stored, and when.</summary>
public sealed record FoundStatement(string Payload, DateTimeOffset Stored);

internal sealed class StatementQuery(XapiDbContext db)
{
    /// <summary>A page when the client names no limit: small enough to answer fast, as most readers page anyway.</summary>
    public const int DefaultLimit = 100;

    public const int MaxLimit = 500;

    public Task<FoundStatement?> FindAsync(Guid statementId, bool voided, Agent? authority, CancellationToken cancellationToken) =>
        StoredBy(db.Statements.AsNoTracking().Where(s => s.StatementId == statementId && s.Voided == voided), authority)
            .Select(s => new FoundStatement(s.Payload, s.Stored)).SingleOrDefaultAsync(cancellationToken);

    public async Task<StatementPage> ListAsync(StatementFilter filter, CancellationToken cancellationToken)
    {
        var limit = filter.Limit is <= 0 or > MaxLimit ? MaxLimit : filter.Limit;
        var rows = await PageAsync(Matching(filter), filter, limit, cancellationToken);
        if (filter.MatchesContent)
        {
            // A statement whose StatementRef targets a matching statement, however indirectly, matches too; the target
            // may be voided. Time and paging still apply to the targeting statement (2.1.3, Filter Conditions for
            // StatementRefs). Such statements are few, so they are a second query beside the first, which stays a
            // plain walk down the filters' indexes.
            var matchingIds = Matching(filter).Select(s => s.StatementId);
            var targeting = db.TargetedStatements.Where(t => matchingIds.Contains(t.StatementId)).Select(t => t.Sequence);
            var throughTargets = await PageAsync(db.Statements.Where(s => targeting.Contains(s.Sequence)), filter, limit, cancellationToken);
            if (throughTargets.Count > 0)
                rows = rows.Concat(throughTargets).DistinctBy(r => r.Sequence)
                    .OrderBy(r => filter.Ascending ? r.Sequence : -r.Sequence).Take(limit + 1).ToList();
        }
        var page = rows.Take(limit).ToList();
        return new StatementPage(page.Select(r => r.Payload).ToList(), rows.Count > limit ? page[^1].Sequence : null,
            page.Count == 0 ? null : page.Max(r => r.Stored));
    }

    /// <summary>
    /// The first <paramref name="limit"/> + 1 of <paramref name="candidates"/> that may be listed, in the asked order.
    /// Newest first unless the client asks for ascending order. Sequence is the order of storing: a batch takes its
    /// stored time just before it commits, so only batches racing within the same moment can differ from it.
    /// </summary>
    private async Task<List<Row>> PageAsync(IQueryable<StoredStatement> candidates, StatementFilter filter, int limit,
        CancellationToken cancellationToken)
    {
        // A voided statement is never listed, even when a statement that targets it is (2.1.4).
        var query = StoredBy(candidates.AsNoTracking().Where(s => !s.Voided), filter.Authority);
        if (filter.Since is { } since) query = query.Where(s => s.Stored > since);
        if (filter.Until is { } until) query = query.Where(s => s.Stored <= until);
        if (filter.Cursor is { } cursor)
            query = filter.Ascending ? query.Where(s => s.Sequence > cursor) : query.Where(s => s.Sequence < cursor);
        var ordered = filter.Ascending ? query.OrderBy(s => s.Sequence) : query.OrderByDescending(s => s.Sequence);
        return await ordered.Take(limit + 1).Select(s => new Row(s.Sequence, s.Payload, s.Stored)).ToListAsync(cancellationToken);
    }

    private sealed record Row(long Sequence, string Payload, DateTimeOffset Stored);

    private IQueryable<StoredStatement> StoredBy(IQueryable<StoredStatement> query, Agent? authority)
    {
        if (authority is null) return query;
        var key = StatementIndex.AgentKey(authority);
        var sequences = db.StatementAgents.Where(a => a.AgentIfi == key && a.Relation == AgentRelation.Authority).Select(a => a.Sequence);
        return query.Where(s => sequences.Contains(s.Sequence));
    }

    /// <summary>Statements that meet the content filters themselves, voided ones included; each filter is an index lookup.</summary>
    private IQueryable<StoredStatement> Matching(StatementFilter filter)
    {
        var query = db.Statements.AsQueryable();
        if (filter.Agent is not null)
        {
            // The agent's identifier alone: never the other accounts of the same learner, which may be another LMS's.
            var key = StatementIndex.AgentKey(filter.Agent);
            var links = db.StatementAgents.Where(a => a.AgentIfi == key);
            if (!filter.RelatedAgents) links = links.Where(a => a.Relation == AgentRelation.Actor || a.Relation == AgentRelation.Object);
            var sequences = db.Statements.Where(s => s.ActorIfi == key).Select(s => s.Sequence).Concat(links.Select(a => a.Sequence));
            query = query.Where(s => sequences.Contains(s.Sequence));
        }
        if (filter.VerbId is { } verb) query = query.Where(s => s.VerbId == verb);
        if (filter.ActivityId is { } activity)
        {
            var key = StatementIndex.Key(activity);
            var links = db.StatementActivities.Where(a => a.ActivityId == key);
            if (!filter.RelatedActivities) links = links.Where(a => a.Relation == ActivityRelation.Object);
            var sequences = links.Select(a => a.Sequence);
            query = query.Where(s => sequences.Contains(s.Sequence));
        }
        if (filter.Registration is { } registration) query = query.Where(s => s.Registration == registration);
        return query;
    }
}
