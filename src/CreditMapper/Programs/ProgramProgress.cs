using MicroCredLti.CreditMapper.Storage;
using MicroCredLti.ServiceDefaults.Placements;
using Microsoft.EntityFrameworkCore;

namespace MicroCredLti.CreditMapper.Programs;

/// <summary>
/// Standing for the gradebook: in a program, the share of its requirements met (complete once awarded); in one
/// requirement, its scaled score (or full marks for a pass without one) once met. A learner with nothing yet has no standing.
/// </summary>
internal sealed class ProgramProgress(CreditDbContext db) : IProgressSource
{
    public async Task<IReadOnlyList<PlacementProgress>> ProgressAsync(IReadOnlyDictionary<string, string> custom, IReadOnlyCollection<Guid> learnerIds,
        CancellationToken cancellationToken)
    {
        if (!custom.TryGetValue(ProgramPlacements.ProgramParameter, out var slug)) return [];
        var program = await db.Programs.AsNoTracking().Include(p => p.Requirements).SingleOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (program is null || program.Requirements.Count == 0) return [];
        var requirementIds = program.Requirements.Select(r => r.Id).ToList();
        var ids = learnerIds.ToList();
        var progress = await db.Progress.AsNoTracking().Where(p => ids.Contains(p.LearnerId) && requirementIds.Contains(p.RequirementId))
            .ToListAsync(cancellationToken);

        if (custom.TryGetValue(ProgramPlacements.RequirementParameter, out var requirementText) && Guid.TryParse(requirementText, out var requirementId))
        {
            var requirement = program.Requirements.SingleOrDefault(r => r.Id == requirementId);
            if (requirement is null) return [];
            return progress.Where(p => p.RequirementId == requirementId && p.IsMet(requirement.Proctored))
                .Select(p => new PlacementProgress(p.LearnerId, Math.Round(100 * (p.ScaledScore ?? 1), 2), Complete: true)).ToList();
        }

        var awarded = (await db.Awards.AsNoTracking().Where(a => a.ProgramId == program.Id && ids.Contains(a.LearnerId) && a.RevokedAt == null)
            .Select(a => a.LearnerId).ToListAsync(cancellationToken)).ToHashSet();
        return progress.GroupBy(p => p.LearnerId).Select(learner =>
        {
            var met = learner.Count(p => program.Requirements.Single(r => r.Id == p.RequirementId) is var r && p.IsMet(r.Proctored));
            return new PlacementProgress(learner.Key, Math.Round(100.0 * met / program.Requirements.Count, 2), awarded.Contains(learner.Key));
        }).Where(p => p.Score > 0 || p.Complete).ToList();
    }
}
