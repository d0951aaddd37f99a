using System.Text.Json;
using MicroCredLti.CreditMapper.Storage;
using MicroCredLti.XapiCollector.Erasure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MicroCredLti.CreditMapper.Awards;

/// <summary>
/// The statements awards rest on, for the LRS's erasure and retention purges: an unrevoked award's evidence (the passing
/// statement and the proctoring statement of each requirement) is cited. Deleting cited statements revokes the awards,
/// with the reason, and forgets the progress they recorded, so a later sweep does not award on evidence that is gone.
/// </summary>
internal sealed class AwardCitations(CreditDbContext db, TimeProvider clock, ILogger<AwardCitations> log) : IEvidenceCitations
{
    public async Task<IReadOnlySet<Guid>> CitedAmongAsync(IReadOnlyCollection<Guid> statementIds, CancellationToken cancellationToken)
    {
        var wanted = statementIds.ToHashSet();
        var cited = new HashSet<Guid>();
        foreach (var award in await IssuedAsync(cancellationToken))
            cited.UnionWith(StatementsOf(award).Where(wanted.Contains));
        return cited;
    }

    public async Task WithdrawAsync(IReadOnlyCollection<Guid> statementIds, string reason, CancellationToken cancellationToken)
    {
        var erased = statementIds.ToHashSet();
        var now = clock.GetUtcNow();
        foreach (var award in (await IssuedAsync(cancellationToken)).Where(a => StatementsOf(a).Any(erased.Contains)))
        {
            db.Attach(award);
            (award.RevokedAt, award.RevocationReason) = (now, Truncate($"Evidence deleted: {reason}"));
            log.LogWarning("Award {Award} of program {Program} to learner {Learner} revoked: its evidence was deleted ({Reason})",
                award.Id, award.ProgramId, award.LearnerId, reason);
        }
        await db.SaveChangesAsync(cancellationToken);
        var ids = erased.ToList();
        await db.Progress.Where(p => (p.PassStatementId != null && ids.Contains(p.PassStatementId.Value))
                || (p.ProctoringStatementId != null && ids.Contains(p.ProctoringStatementId.Value)))
            .ExecuteDeleteAsync(cancellationToken);
    }

    private Task<List<Award>> IssuedAsync(CancellationToken cancellationToken) =>
        db.Awards.AsNoTracking().Where(a => a.RevokedAt == null).ToListAsync(cancellationToken);

    private static IEnumerable<Guid> StatementsOf(Award award) =>
        JsonSerializer.Deserialize<List<AwardEvidence>>(award.Evidence, JsonSerializerOptions.Web)!
            .SelectMany(e => e.ProctoringStatementId is { } proctoring ? [e.StatementId, proctoring] : new[] { e.StatementId });

    private static string Truncate(string reason) => reason.Length <= Award.MaxReasonLength ? reason : reason[..Award.MaxReasonLength];
}
