using System.Globalization;
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

    /// <summary>Where the previous page ended.</summary>
    public PageCursor? Cursor { get; init; }

    /// <summary>At most this many statements; 0 for as many as the LRS allows (<see cref="StatementQuery.MaxLimit"/>).</summary>
    public int Limit { get; init; } = StatementQuery.DefaultLimit;

    /// <summary>
    /// Only statements stored with this authority: a client whose scope is statements/read/mine reads what it wrote
    /// (xAPI 1.0.3 Part Three 4.2). Not a filter a client sends.
    /// </summary>
    public Agent? Authority { get; init; }

    internal bool MatchesContent => Agent is not null || VerbId is not null || ActivityId is not null || Registration is not null;
}

/// <summary>
/// The last statement of a page, by stored time and then sequence: the order pages are read in. Written into the
/// StatementResult's <c>more</c> link as <c>ticks.sequence</c>, and opaque to clients.
/// </summary>
public sealed record PageCursor(DateTimeOffset Stored, long Sequence)
{
    public override string ToString() => $"{Stored.UtcTicks}.{Sequence}";

    public static PageCursor? Parse(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? new PageCursor(new DateTimeOffset(ticks, TimeSpan.Zero), sequence)
            : null;
    }
}

/// <summary>A page of statements; <see cref="NextCursor"/> continues where it ended, in the same order.</summary>
public sealed record StatementPage(IReadOnlyList<string> Payloads, PageCursor? NextCursor, DateTimeOffset? LastStored);

/// <summary>One statement as stored, and when.</summary>
public sealed record FoundStatement(string Payload, DateTimeOffset Stored);

/// <summary>
/// Answers GET /statements. A page is read newest first by stored time (xAPI 1.0.3 Part Three 2.1.3), ties in the order
/// of storing. It walks an index that ends in (stored, sequence), for the most selective filter named (a registration,
/// an agent, a verb and object activity together, an activity, a verb, or else all statements), from the page's start: since, until and the cursor bound the
/// walk, and it stops when the page is full. The other filters are checked on the statements the walk meets.
/// </summary>
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
        var walked = WalkedFilter(filter);
        var listable = Listable(filter, content: true, except: walked);
        var pages = new List<List<Row>>();
        foreach (var walk in Walks(filter, walked))
            pages.Add(await PageAsync(walk, listable, filter, limit, cancellationToken));
        if (filter.MatchesContent)
        {
            // A statement whose StatementRef targets a matching statement, however indirectly, matches too; the target
            // may be voided. Time and paging still apply to the targeting statement (2.1.3, Filter Conditions for
            // StatementRefs). Each targeting row's target is looked up and checked, so the cost follows the StatementRefs
            // stored, which are few, not the matches.
            var matching = Listable(filter, content: true, statements: db.Statements);
            var targeting = db.TargetedStatements.Where(t => matching.Any(m => m.StatementId == t.StatementId)).Select(t => t.Sequence);
            pages.Add(await PageAsync(Keys(db.Statements.Where(s => targeting.Contains(s.Sequence))), Listable(filter, content: false), filter, limit,
                cancellationToken));
        }

        // Each query read its own page in page order; the page is their merge.
        var merged = pages.SelectMany(p => p).DistinctBy(r => r.Sequence);
        var rows = (filter.Ascending
                ? merged.OrderBy(r => r.Stored).ThenBy(r => r.Sequence)
                : merged.OrderByDescending(r => r.Stored).ThenByDescending(r => r.Sequence))
            .Take(limit + 1).ToList();
        var page = rows.Take(limit).ToList();
        return new StatementPage(page.Select(r => r.Payload).ToList(),
            rows.Count > limit ? new PageCursor(page[^1].Stored, page[^1].Sequence) : null,
            page.Count == 0 ? null : page.Max(r => r.Stored));
    }

    /// <summary>The filter whose index the page walks: the most selective one named.</summary>
    private static Filter WalkedFilter(StatementFilter filter) =>
        filter.Registration is not null ? Filter.Registration
        : filter.Agent is not null ? Filter.Agent
        : filter is { ActivityId: not null, VerbId: not null, RelatedActivities: false } ? Filter.VerbAndActivity
        : filter.ActivityId is not null ? Filter.Activity
        : filter.VerbId is not null ? Filter.Verb
        : Filter.None;

    /// <summary>
    /// The (stored, sequence) keys of the indexes the page walks: one, or for an agent two, the actor's own identifier on
    /// the statement row and its other occurrences in the link table. Each is read as a query of its own, so each stops
    /// at the page's end.
    /// </summary>
    private IEnumerable<IQueryable<PageKey>> Walks(StatementFilter filter, Filter walked)
    {
        switch (walked)
        {
            case Filter.Registration:
                yield return Keys(db.Statements.Where(s => s.Registration == filter.Registration));
                break;
            case Filter.Agent:
                var actorKey = StatementIndex.AgentKey(filter.Agent!);
                yield return Keys(db.Statements.Where(s => s.ActorIfi == actorKey));
                var agentKey = StatementIndex.AgentLinkKey(filter.Agent!);
                var agents = db.StatementAgents.Where(a => a.AgentKey == agentKey);
                if (!filter.RelatedAgents) agents = agents.Where(a => (a.Relations & DirectAgent) != AgentRelations.None);
                yield return agents.Select(a => new PageKey { Stored = a.Stored, Sequence = a.Sequence });
                break;
            case Filter.Activity:
                var activityKey = StatementIndex.LinkKey(filter.ActivityId!);
                var activities = db.StatementActivities.Where(a => a.ActivityKey == activityKey);
                if (!filter.RelatedActivities) activities = activities.Where(a => (a.Relations & ActivityRelations.Object) != ActivityRelations.None);
                yield return activities.Select(a => new PageKey { Stored = a.Stored, Sequence = a.Sequence });
                break;
            case Filter.VerbAndActivity:
                var verbActivityKey = StatementIndex.VerbActivityKey(filter.VerbId!, filter.ActivityId!);
                yield return Keys(db.Statements.Where(s => s.VerbActivityKey == verbActivityKey));
                break;
            case Filter.Verb:
                yield return Keys(db.Statements.Where(s => s.VerbId == filter.VerbId));
                break;
            default:
                yield return Keys(db.Statements);
                break;
        }
    }

    /// <summary>
    /// The statements a page may list: never a voided one, even when a statement that targets it is listed (2.1.4); only
    /// the client's own under statements/read/mine; and, with <paramref name="content"/>, those that meet every content
    /// filter but the one the page walks (<paramref name="except"/>), each checked on the statement's own row or by its
    /// key in a link table.
    /// </summary>
    private IQueryable<StoredStatement> Listable(StatementFilter filter, bool content, Filter except = Filter.None,
        IQueryable<StoredStatement>? statements = null)
    {
        var query = statements ?? StoredBy(db.Statements.Where(s => !s.Voided), filter.Authority);
        if (!content) return query;
        if (filter.Registration is { } registration && except != Filter.Registration) query = query.Where(s => s.Registration == registration);
        if (filter.VerbId is { } verb && except is not (Filter.Verb or Filter.VerbAndActivity)) query = query.Where(s => s.VerbId == verb);
        if (filter.Agent is not null && except != Filter.Agent)
        {
            // The agent's identifier alone: never the other accounts of the same learner, which may be another LMS's.
            var actorKey = StatementIndex.AgentKey(filter.Agent);
            var key = StatementIndex.AgentLinkKey(filter.Agent);
            var wanted = filter.RelatedAgents ? AllAgentRelations : DirectAgent;
            query = query.Where(s => s.ActorIfi == actorKey || db.StatementAgents.Any(a =>
                a.AgentKey == key && a.Stored == s.Stored && a.Sequence == s.Sequence && (a.Relations & wanted) != AgentRelations.None));
        }
        if (filter.ActivityId is { } activity && except is not (Filter.Activity or Filter.VerbAndActivity))
        {
            var key = StatementIndex.LinkKey(activity);
            var wanted = filter.RelatedActivities ? AllActivityRelations : ActivityRelations.Object;
            query = query.Where(s => db.StatementActivities.Any(a =>
                a.ActivityKey == key && a.Stored == s.Stored && a.Sequence == s.Sequence && (a.Relations & wanted) != ActivityRelations.None));
        }
        return query;
    }

    /// <summary>
    /// The first <paramref name="limit"/> + 1 statements of <paramref name="walk"/> from the page's start that are among
    /// <paramref name="listable"/>, in page order.
    /// </summary>
    private static async Task<List<Row>> PageAsync(IQueryable<PageKey> walk, IQueryable<StoredStatement> listable, StatementFilter filter, int limit,
        CancellationToken cancellationToken)
    {
        if (filter.Since is { } since) walk = walk.Where(k => k.Stored > since);
        if (filter.Until is { } until) walk = walk.Where(k => k.Stored <= until);
        if (filter.Cursor is { Stored: var at, Sequence: var sequence })
            walk = filter.Ascending
                ? walk.Where(k => k.Stored >= at && (k.Stored > at || k.Sequence > sequence))
                : walk.Where(k => k.Stored <= at && (k.Stored < at || k.Sequence < sequence));
        var rows = walk.Join(listable.AsNoTracking(), k => k.Sequence, s => s.Sequence, (k, s) => new { k.Stored, k.Sequence, s.Payload });
        var ordered = filter.Ascending
            ? rows.OrderBy(r => r.Stored).ThenBy(r => r.Sequence)
            : rows.OrderByDescending(r => r.Stored).ThenByDescending(r => r.Sequence);
        return await ordered.Take(limit + 1).Select(r => new Row(r.Sequence, r.Payload, r.Stored)).ToListAsync(cancellationToken);
    }

    private IQueryable<StoredStatement> StoredBy(IQueryable<StoredStatement> query, Agent? authority)
    {
        if (authority is null) return query;
        var key = StatementIndex.AgentLinkKey(authority);
        return query.Where(s => db.StatementAgents.Any(a =>
            a.AgentKey == key && a.Stored == s.Stored && a.Sequence == s.Sequence && (a.Relations & AgentRelations.Authority) != AgentRelations.None));
    }

    private static IQueryable<PageKey> Keys(IQueryable<StoredStatement> statements) =>
        statements.Select(s => new PageKey { Stored = s.Stored, Sequence = s.Sequence });

    /// <summary>What the <c>agent</c> filter matches without related_agents: the actor (or a member of it), the object.</summary>
    private const AgentRelations DirectAgent = AgentRelations.Actor | AgentRelations.Object;

    private const AgentRelations AllAgentRelations = (AgentRelations)0x7fff;
    private const ActivityRelations AllActivityRelations = (ActivityRelations)0x7fff;

    private enum Filter
    {
        None,
        Registration,
        Agent,
        Activity,

        /// <summary>A verb and the object Activity, by the key of the pair.</summary>
        VerbAndActivity,
        Verb,
    }

    private sealed class PageKey
    {
        public DateTimeOffset Stored { get; init; }
        public long Sequence { get; init; }
    }

    private sealed record Row(long Sequence, string Payload, DateTimeOffset Stored);
}
