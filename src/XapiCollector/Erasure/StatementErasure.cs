using System.Security.Cryptography;
using System.Text;
using MicroCredLti.XapiCollector.Learners;
using MicroCredLti.XapiCollector.Model;
using MicroCredLti.XapiCollector.Statements;
using MicroCredLti.XapiCollector.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MicroCredLti.XapiCollector.Erasure;

/// <summary>What became of an erasure or purge: done (or, as a dry run, reported), or refused because awards cite evidence.</summary>
internal abstract record ErasureOutcome
{
    public sealed record Done(ErasureReport Report) : ErasureOutcome;

    /// <summary>An agent's erasure that would delete statements an issued award cites, not forced: nothing was deleted.</summary>
    public sealed record EvidenceCited(ErasureReport Report) : ErasureOutcome;
}

/// <summary>
/// Deletes statements for good: everything about one agent on request, or what was stored before a retention cut-off.
/// Statements an issued award cites are evidence: an agent's erasure is refused while any is among its statements, and a
/// purge keeps them, unless forced; forced, the citing module withdraws the awards first. Every run, dry runs included,
/// is audited in <see cref="XapiSchema.Erasures"/>.
/// </summary>
internal sealed class StatementErasure(
    XapiDbContext db, IEnumerable<IEvidenceCitations> citations, LearnerAccountCache learnerAccounts, TimeProvider clock, ILogger<StatementErasure> log)
{
    /// <summary>Statements deleted per transaction by a purge, so a purge of millions never holds one long transaction.</summary>
    public const int PurgeChunk = 2_000;

    /// <summary>
    /// The agent's statements (as actor, as object, as a member of an actor or object Group, and the same inside a
    /// SubStatement), its State and Agent Profile documents, and its learner account; the learner too when no other
    /// account is left. An mbox also erases what was stored under its mbox_sha1sum.
    /// </summary>
    public async Task<ErasureOutcome> EraseAgentAsync(Agent agent, bool dryRun, bool force, string requestedBy, string? reason,
        CancellationToken cancellationToken)
    {
        var identifiers = IdentifiersOf(agent);
        var statements = await StatementsAboutAsync(identifiers, cancellationToken);
        var cited = await CitedAsync(statements.Select(s => s.StatementId).ToList(), cancellationToken);
        var documents = db.Documents.Where(d => d.Agent != null && identifiers.Contains(d.Agent));
        var accounts = db.LearnerAccounts.Where(a => identifiers.Contains(a.Identifier));
        var (documentCount, accountCount) = (await documents.CountAsync(cancellationToken), await accounts.CountAsync(cancellationToken));
        var subject = "agent sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identifiers[0])));

        if (cited.Count > 0 && !force && !dryRun)
        {
            log.LogWarning("Erasure of {Subject} refused: awards cite {Count} of its statements", subject, cited.Count);
            return new ErasureOutcome.EvidenceCited(Report(Guid.Empty, ErasureKind.Agent, dryRun, force, statements.Count, documentCount, accountCount, cited));
        }
        if (!dryRun)
        {
            await WithdrawAsync(cited, reason ?? "erasure of the learner's data", cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await DeleteAsync(statements, cancellationToken);
            await documents.ExecuteDeleteAsync(cancellationToken);
            var learnerIds = await accounts.Select(a => a.LearnerId).Distinct().ToListAsync(cancellationToken);
            await accounts.ExecuteDeleteAsync(cancellationToken);
            await db.Learners.Where(l => learnerIds.Contains(l.Id) && !db.LearnerAccounts.Any(a => a.LearnerId == l.Id))
                .ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            learnerAccounts.Forget(identifiers);
        }
        return new ErasureOutcome.Done(await AuditAsync(ErasureKind.Agent, subject, requestedBy, reason, dryRun, force,
            statements.Count, documentCount, accountCount, cited, cancellationToken));
    }

    /// <summary>Statements stored before <paramref name="storedBefore"/>, in chunks of <see cref="PurgeChunk"/>, oldest first.</summary>
    public async Task<ErasureReport> PurgeAsync(DateTimeOffset storedBefore, bool dryRun, bool force, string requestedBy, string? reason,
        CancellationToken cancellationToken)
    {
        var (deleted, allCited, after) = (0, new List<Guid>(), 0L);
        while (true)
        {
            var chunk = await db.Statements.AsNoTracking().Where(s => s.Stored < storedBefore && s.Sequence > after)
                .OrderBy(s => s.Sequence).Take(PurgeChunk)
                .Select(s => new StoredStatement { Sequence = s.Sequence, StatementId = s.StatementId, Stored = s.Stored, VerbId = s.VerbId, Payload = "" })
                .ToListAsync(cancellationToken);
            if (chunk.Count == 0) break;
            after = chunk[^1].Sequence;
            var cited = await CitedAsync(chunk.Select(s => s.StatementId).ToList(), cancellationToken);
            allCited.AddRange(cited);
            var deleting = force ? chunk : chunk.Where(s => !cited.Contains(s.StatementId)).ToList();
            deleted += deleting.Count;
            if (dryRun || deleting.Count == 0) continue;

            if (force) await WithdrawAsync(cited, reason ?? "retention purge", cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await DeleteAsync(await WithPayloadsAsync(deleting, cancellationToken), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        var subject = $"stored before {storedBefore.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}";
        return await AuditAsync(ErasureKind.Retention, subject, requestedBy, reason, dryRun, force, deleted, 0, 0, allCited, cancellationToken);
    }

    public async Task<IReadOnlyList<ErasureEntry>> ListAsync(CancellationToken cancellationToken) =>
        (await db.Erasures.AsNoTracking().OrderByDescending(e => e.At).ThenBy(e => e.Id).Take(500).ToListAsync(cancellationToken))
        .Select(e => new ErasureEntry(e.Id, e.Kind, e.Subject, e.RequestedBy, e.Reason, e.DryRun, e.Forced, e.Statements, e.Documents,
            e.LearnerAccounts, e.CitedStatements, e.At))
        .ToList();

    private static List<string> IdentifiersOf(Agent agent)
    {
        var identifiers = new List<string> { AgentIdentifier.Of(agent)! };
        if (agent.Mbox is { } mbox)
            identifiers.Add(AgentIdentifier.Of(new Agent { MboxSha1Sum = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(mbox))) })!);
        return identifiers;
    }

    private async Task<List<StoredStatement>> StatementsAboutAsync(List<string> identifiers, CancellationToken cancellationToken)
    {
        var actorKeys = identifiers.Select(StatementIndex.Key).ToList();
        var linkKeys = identifiers.Select(StatementIndex.LinkKey).ToList();
        const AgentRelations about = AgentRelations.Actor | AgentRelations.Object | AgentRelations.SubStatementActor | AgentRelations.SubStatementObject;
        var linked = db.StatementAgents.Where(a => linkKeys.Contains(a.AgentKey) && (a.Relations & about) != AgentRelations.None).Select(a => a.Sequence);
        return await db.Statements.AsNoTracking()
            .Where(s => (s.ActorIfi != null && actorKeys.Contains(s.ActorIfi)) || linked.Contains(s.Sequence))
            .OrderBy(s => s.Sequence).ToListAsync(cancellationToken);
    }

    private async Task<List<StoredStatement>> WithPayloadsAsync(List<StoredStatement> rows, CancellationToken cancellationToken)
    {
        var sequences = rows.Select(r => r.Sequence).ToList();
        return await db.Statements.AsNoTracking().Where(s => sequences.Contains(s.Sequence)).ToListAsync(cancellationToken);
    }

    /// <summary>The statements, their link rows, and the rows saying which statements they target.</summary>
    private async Task DeleteAsync(IReadOnlyList<StoredStatement> statements, CancellationToken cancellationToken)
    {
        if (statements.Count == 0) return;
        await StatementIndex.DeleteAsync(db, statements, cancellationToken);
        var sequences = statements.Select(s => s.Sequence).ToList();
        await db.TargetedStatements.Where(t => sequences.Contains(t.Sequence)).ExecuteDeleteAsync(cancellationToken);
        await db.Statements.Where(s => sequences.Contains(s.Sequence)).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<List<Guid>> CitedAsync(List<Guid> statementIds, CancellationToken cancellationToken)
    {
        var cited = new HashSet<Guid>();
        if (statementIds.Count == 0) return [];
        foreach (var module in citations) cited.UnionWith(await module.CitedAmongAsync(statementIds, cancellationToken));
        return statementIds.Where(cited.Contains).ToList();
    }

    private async Task WithdrawAsync(List<Guid> cited, string reason, CancellationToken cancellationToken)
    {
        if (cited.Count == 0) return;
        foreach (var module in citations) await module.WithdrawAsync(cited, reason, cancellationToken);
    }

    private async Task<ErasureReport> AuditAsync(ErasureKind kind, string subject, string requestedBy, string? reason, bool dryRun, bool force,
        int statements, int documents, int accounts, List<Guid> cited, CancellationToken cancellationToken)
    {
        var record = new ErasureRecord
        {
            Id = Guid.NewGuid(), Kind = kind, Subject = subject, RequestedBy = requestedBy, Reason = reason, DryRun = dryRun, Forced = force,
            Statements = statements, Documents = documents, LearnerAccounts = accounts, CitedStatements = cited.Count, At = clock.GetUtcNow(),
        };
        db.Erasures.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        log.LogInformation("{Kind} erasure {Id} of {Subject} by {RequestedBy}{DryRun}: {Statements} statements, {Documents} documents, " +
            "{Accounts} learner accounts, {Cited} cited statements{Forced}", kind, record.Id, subject, requestedBy, dryRun ? " (dry run)" : "",
            statements, documents, accounts, cited.Count, force ? " (forced)" : "");
        return Report(record.Id, kind, dryRun, force, statements, documents, accounts, cited, record.At);
    }

    private ErasureReport Report(Guid id, ErasureKind kind, bool dryRun, bool force, int statements, int documents, int accounts, List<Guid> cited,
        DateTimeOffset? at = null) =>
        new(id, kind, dryRun, force, statements, documents, accounts, cited, at ?? clock.GetUtcNow());
}
