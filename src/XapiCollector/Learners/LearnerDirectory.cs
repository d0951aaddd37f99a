using MicroCredLti.XapiCollector.Model;
using MicroCredLti.XapiCollector.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MicroCredLti.XapiCollector.Learners;

internal sealed class LearnerDirectory(XapiDbContext db, LearnerAccountCache recent, TimeProvider clock, ILogger<LearnerDirectory> log)
    : ILearnerDirectory
{
    public async Task<Guid> LinkAsync(Agent agent, string? studentId, CancellationToken cancellationToken = default)
    {
        var identifier = AgentIdentifier.Of(agent) ?? throw new ArgumentException("The agent has no identifier.", nameof(agent));
        var account = await db.LearnerAccounts.FindAsync([identifier], cancellationToken);
        var learner = account is null ? null : await db.Learners.FindAsync([account.LearnerId], cancellationToken);
        if (learner is null && !string.IsNullOrEmpty(studentId))
            learner = await db.Learners.SingleOrDefaultAsync(l => l.StudentId == studentId, cancellationToken);
        if (learner is null)
        {
            learner = new Learner { Id = Guid.NewGuid(), CreatedAt = clock.GetUtcNow() };
            db.Learners.Add(learner);
        }
        if (account is null)
            db.LearnerAccounts.Add(new LearnerAccount { Identifier = identifier, LearnerId = learner.Id, CreatedAt = clock.GetUtcNow() });
        if (!string.IsNullOrEmpty(studentId) && learner.StudentId is null)
        {
            if (await db.Learners.AnyAsync(l => l.StudentId == studentId && l.Id != learner.Id, cancellationToken))
                // The account acted before it was linked, so its history sits under a learner of its own. Joining the two
                // means moving that history, which this version does not do: the link waits, and nothing is lost.
                log.LogWarning("Account {Account} belongs to learner {Learner}, but student id {StudentId} already belongs to another learner; not merged",
                    identifier, learner.Id, studentId);
            else
                learner.StudentId = studentId;
        }
        await db.SaveChangesAsync(cancellationToken);
        return learner.Id;
    }

    public async Task<IReadOnlyDictionary<Guid, string?>> StudentIdsAsync(IEnumerable<Guid> learnerIds, CancellationToken cancellationToken = default)
    {
        var ids = learnerIds.Distinct().ToList();
        return await db.Learners.Where(l => ids.Contains(l.Id))
            .ToDictionaryAsync(l => l.Id, l => l.StudentId, cancellationToken);
    }

    /// <summary>
    /// Every agent identifier of the learner who acts under <paramref name="identifier"/>, that one first; just that one
    /// if no learner does.
    /// </summary>
    internal async Task<IReadOnlyList<string>> IdentifiersOfSameLearnerAsync(string identifier, CancellationToken cancellationToken)
    {
        var learnerId = await db.LearnerAccounts.AsNoTracking().Where(a => a.Identifier == identifier)
            .Select(a => (Guid?)a.LearnerId).SingleOrDefaultAsync(cancellationToken);
        if (learnerId is null) return [identifier];
        var others = await db.LearnerAccounts.AsNoTracking().Where(a => a.LearnerId == learnerId && a.Identifier != identifier)
            .OrderBy(a => a.Identifier).Select(a => a.Identifier).ToListAsync(cancellationToken);
        return [identifier, .. others];
    }

    /// <summary>
    /// Finds or creates the learner behind each identifier. New learners are saved at once, before the statements
    /// that introduce them, and a concurrent request that creates the same account first simply wins: its learner is
    /// read back on the next pass.
    /// </summary>
    internal async Task<Dictionary<string, Guid>> ResolveAsync(IReadOnlyCollection<string> identifiers, CancellationToken cancellationToken)
    {
        var remembered = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var identifier in identifiers)
            if (recent.TryGet(identifier, out var learnerId))
                remembered[identifier] = learnerId;
        if (remembered.Count == identifiers.Count) return remembered;
        var unknown = identifiers.Where(i => !remembered.ContainsKey(i)).ToList();

        for (var attempt = 1; ; attempt++)
        {
            var known = await db.LearnerAccounts.AsNoTracking().Where(a => unknown.Contains(a.Identifier))
                .ToDictionaryAsync(a => a.Identifier, a => a.LearnerId, cancellationToken);
            var missing = unknown.Where(i => !known.ContainsKey(i)).ToList();
            if (missing.Count == 0) return Remembered(known, remembered);

            foreach (var identifier in missing)
            {
                var learner = new Learner { Id = Guid.NewGuid(), CreatedAt = clock.GetUtcNow() };
                db.Learners.Add(learner);
                db.LearnerAccounts.Add(new LearnerAccount { Identifier = identifier, LearnerId = learner.Id, CreatedAt = clock.GetUtcNow() });
                known[identifier] = learner.Id;
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return Remembered(known, remembered);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private const int MaxAttempts = 5;

    private Dictionary<string, Guid> Remembered(Dictionary<string, Guid> found, Dictionary<string, Guid> remembered)
    {
        recent.Remember(found);
        foreach (var (identifier, learnerId) in remembered) found[identifier] = learnerId;
        return found;
    }
}
