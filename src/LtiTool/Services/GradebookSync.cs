using MicroCredLti.LtiTool.Registration;
using MicroCredLti.LtiTool.Storage;
using MicroCredLti.ServiceDefaults.Placements;
using Microsoft.EntityFrameworkCore;

namespace MicroCredLti.LtiTool.Services;

/// <summary>
/// Sends each learner's standing in each MicroCred placement (a program's progress, a requirement's score) to the LMS's
/// gradebook through AGS: to the line item the platform made for the placement, or one found or created by its
/// resource id. Only standings that changed since last sent are posted; a platform that fails leaves the others to go on.
/// </summary>
public sealed class GradebookSync
{
    public const string RecurringJobId = "gradebook-sync";

    private readonly LtiDbContext db;
    private readonly IProgressSource progress;
    private readonly AssignmentGradeService grades;
    private readonly TimeProvider clock;
    private readonly ILogger<GradebookSync> log;

    internal GradebookSync(LtiDbContext db, IProgressSource progress, AssignmentGradeService grades, TimeProvider clock, ILogger<GradebookSync> log) =>
        (this.db, this.progress, this.grades, this.clock, this.log) = (db, progress, grades, clock, log);

    /// <summary>Scores posted in this run.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var posted = 0;
        var platforms = await db.Platforms.AsNoTracking().Include(p => p.Deployments).ToDictionaryAsync(p => p.Id, cancellationToken);
        foreach (var placement in await db.Placements.ToListAsync(cancellationToken))
        {
            if (!platforms.TryGetValue(placement.PlatformId, out var platform)) continue;
            try
            {
                posted += await SyncAsync(platform, placement, cancellationToken);
            }
            catch (PlatformServiceException failed)
            {
                log.LogWarning("Gradebook sync of {Placement} on {Platform} failed: {Reason}", placement.ResourceLinkId, platform.Name, failed.Message);
            }
        }
        return posted;
    }

    private async Task<int> SyncAsync(PlatformRegistration platform, Placement placement, CancellationToken cancellationToken)
    {
        var members = await db.PlacementMembers
            .Where(m => m.PlatformId == placement.PlatformId && m.ResourceLinkId == placement.ResourceLinkId).ToListAsync(cancellationToken);
        var standings = (await progress.ProgressAsync(placement.CustomParameters, members.Select(m => m.LearnerId).Distinct().ToList(), cancellationToken))
            .ToDictionary(p => p.LearnerId);
        var changed = members.Where(m => standings.TryGetValue(m.LearnerId, out var s) && (m.PostedScore != s.Score || m.PostedComplete != s.Complete)).ToList();
        if (changed.Count == 0) return 0;

        if (placement.LineItemUrl is null)
        {
            if (placement.LineItemsUrl is null) return 0;
            var resourceId = "microcred:" + string.Join(';', placement.CustomParameters.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}"));
            var lineItem = await grades.FindOrCreateLineItemAsync(platform, placement.LineItemsUrl, resourceId, "microcred",
                placement.Title ?? "MicroCred", 100, placement.ResourceLinkId, cancellationToken);
            placement.LineItemUrl = lineItem.Id;
        }
        var now = clock.GetUtcNow();
        var outcomes = await grades.PostScoresAsync(platform, placement.LineItemUrl, changed.Select(m => standings[m.LearnerId] is var s
            ? new Score(m.Subject, s.Score, 100, s.Complete ? "Completed" : "InProgress", "FullyGraded", now)
            : throw new InvalidOperationException()), cancellationToken);
        foreach (var (member, outcome) in changed.Zip(outcomes).Where(p => p.Second.Posted))
            (member.PostedScore, member.PostedComplete) = (standings[member.LearnerId].Score, standings[member.LearnerId].Complete);
        foreach (var refused in outcomes.Where(o => !o.Posted))
            log.LogInformation("The gradebook of {Platform} refused a score for user {User}: {Problem}", platform.Name, refused.UserId, refused.Problem);
        await db.SaveChangesAsync(cancellationToken);
        return outcomes.Count(o => o.Posted);
    }
}
