using System.Text.Json;
using Hangfire;
using MicroCredLti.CreditMapper.Awards;
using MicroCredLti.CreditMapper.Programs;
using MicroCredLti.CreditMapper.Storage;
using MicroCredLti.XapiCollector.Feed;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MicroCredLti.CreditMapper.Sweep;

/// <summary>
/// The Hangfire job that reads new statements from the collector's feed, records the requirements they meet,
/// and awards every program whose requirements a learner has now all met. Each batch, its progress, its awards
/// and the moved cursor commit together, so a lost, retried or doubled run awards nothing twice.
/// </summary>
internal sealed class CreditSweep(
    CreditDbContext db, IStatementFeed feed, IOptions<CreditMapperOptions> options, TimeProvider clock, ILogger<CreditSweep> log)
{
    public const string RecurringJobId = "credit-sweep";
    public const string CursorName = "xapi-statements";

    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [AutomaticRetry(Attempts = 3)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var programs = await db.Programs.AsNoTracking().Include(p => p.Requirements).ToListAsync(cancellationToken);
        var requirementsByActivity = programs.SelectMany(p => p.Requirements).ToLookup(r => r.ActivityId);
        var proctored = programs.SelectMany(p => p.Requirements).Where(r => r.Proctored).ToList();

        var awarded = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var (read, newAwards) = await SweepBatchAsync(programs, requirementsByActivity, proctored, cancellationToken);
                awarded += newAwards;
                if (read < options.Value.SweepBatchSize) break;
            }
        }
        catch (DbUpdateException overtaken)
        {
            // Another sweep moved the cursor (or awarded) first; this batch rolled back and that sweep carries on.
            log.LogInformation(overtaken, "Credit sweep stopped: another sweep is ahead of it");
        }
        return awarded;
    }

    private async Task<(int Read, int Awarded)> SweepBatchAsync(IReadOnlyList<CredentialProgram> programs,
        ILookup<string, ProgramRequirement> requirementsByActivity, IReadOnlyList<ProgramRequirement> proctored,
        CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var cursor = await db.Cursors.FindAsync([CursorName], cancellationToken);
        if (cursor is null) db.Cursors.Add(cursor = new SweepCursor { Name = CursorName });

        var statements = await feed.ReadAfterAsync(cursor.Position, options.Value.SweepBatchSize, cancellationToken);
        if (statements.Count == 0) return (0, 0);

        // Only statements about a requirement's activity, or naming a proctored requirement's activity anywhere (a
        // proctored attempt inside it), are worth parsing.
        var relevant = statements
            .Where(s => s is { LearnerId: not null, Voided: false, ActivityId: not null })
            .Select(s => (Statement: s, Requirements: requirementsByActivity[s.ActivityId!]
                .Concat(proctored.Where(r => s.Payload.Contains(r.ActivityId, StringComparison.Ordinal))).Distinct().ToList()))
            .Where(x => x.Requirements.Count > 0)
            .Select(x => (Statement: StatementFacts.Of(x.Statement), x.Requirements))
            .ToList();
        var learnerIds = relevant.Select(x => x.Statement.Feed.LearnerId!.Value).Distinct().ToList();
        var progress = await db.Progress.Where(p => learnerIds.Contains(p.LearnerId))
            .ToDictionaryAsync(p => (p.LearnerId, p.RequirementId), cancellationToken);

        var changedLearners = new HashSet<Guid>();
        foreach (var (statement, requirements) in relevant)
            foreach (var requirement in requirements)
                if (Record(statement, requirement, progress)) changedLearners.Add(statement.Feed.LearnerId!.Value);

        var awards = await AwardAsync(programs, changedLearners, progress, cancellationToken);
        cursor.Position = statements[^1].Sequence;
        cursor.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        log.LogInformation("Credit sweep read {Count} statements up to {Position}: {Learners} learners progressed, {Awards} awards",
            statements.Count, cursor.Position, changedLearners.Count, awards);
        return (statements.Count, awards);
    }

    private bool Record(StatementFacts statement, ProgramRequirement requirement, Dictionary<(Guid, Guid), RequirementProgress> progress)
    {
        var passes = StatementEvidence.Satisfies(statement, requirement);
        var proctoring = StatementEvidence.ShowsProctoring(statement, requirement, options.Value.ProctoredActivityTypes);
        if (!passes && !proctoring) return false;

        var key = (statement.Feed.LearnerId!.Value, requirement.Id);
        if (!progress.TryGetValue(key, out var entry))
        {
            progress[key] = entry = new RequirementProgress { LearnerId = key.Item1, RequirementId = requirement.Id };
            db.Progress.Add(entry);
        }
        var changed = false;
        if (passes && entry.PassStatementId is null)
        {
            (entry.PassStatementId, entry.ScaledScore, entry.PassedAt) = (statement.Feed.StatementId, statement.ScaledScore, statement.Feed.Timestamp);
            changed = true;
        }
        if (proctoring && entry.ProctoringStatementId is null)
        {
            entry.ProctoringStatementId = statement.Feed.StatementId;
            changed = true;
        }
        return changed;
    }

    private async Task<int> AwardAsync(IReadOnlyList<CredentialProgram> programs, IReadOnlyCollection<Guid> learners,
        Dictionary<(Guid, Guid), RequirementProgress> progress, CancellationToken cancellationToken)
    {
        if (learners.Count == 0) return 0;
        var held = (await db.Awards.Where(a => learners.Contains(a.LearnerId)).Select(a => new { a.LearnerId, a.ProgramId })
            .ToListAsync(cancellationToken)).Select(a => (a.LearnerId, a.ProgramId)).ToHashSet();

        var count = 0;
        foreach (var learner in learners)
            foreach (var program in programs.Where(p => p.Requirements.Count > 0 && !held.Contains((learner, p.Id))))
            {
                var met = program.Requirements.OrderBy(r => r.Position)
                    .Select(r => (Requirement: r, Progress: progress.GetValueOrDefault((learner, r.Id))))
                    .ToList();
                if (!met.All(m => m.Progress?.IsMet(m.Requirement.Proctored) == true)) continue;

                var evidence = met.Select(m => new AwardEvidence(m.Requirement.Title, m.Requirement.ActivityId,
                    m.Progress!.PassStatementId!.Value, m.Progress.ScaledScore, m.Progress.PassedAt, m.Progress.ProctoringStatementId));
                db.Awards.Add(new Award
                {
                    Id = Guid.NewGuid(), ProgramId = program.Id, LearnerId = learner,
                    Credits = program.Credits, CreditUnit = program.CreditUnit, Level = program.Level,
                    AwardedAt = clock.GetUtcNow(), Evidence = JsonSerializer.Serialize(evidence, JsonSerializerOptions.Web),
                });
                count++;
            }
        return count;
    }
}
