using MicroCredLti.CreditMapper.Storage;
using MicroCredLti.ServiceDefaults.Placements;
using Microsoft.EntityFrameworkCore;

namespace MicroCredLti.CreditMapper.Programs;

/// <summary>
/// Each program's progress page, and each of its requirements, as placements an instructor can add to a course. A
/// placement's custom parameters name the program (and requirement), so a launch of it knows what it is for; each has a
/// gradebook column out of 100 (progress in percent, or the requirement's score).
/// </summary>
internal sealed class ProgramPlacements(CreditDbContext db) : IPlacementCatalog
{
    public const string ProgramParameter = "microcred_program";
    public const string RequirementParameter = "microcred_requirement";

    public async Task<IReadOnlyList<PlacementOption>> ListAsync(CancellationToken cancellationToken)
    {
        var programs = await db.Programs.AsNoTracking().Include(p => p.Requirements).OrderBy(p => p.Title).ToListAsync(cancellationToken);
        return programs.SelectMany(program => new[]
            {
                new PlacementOption($"program:{program.Slug}", $"{program.Title}: progress toward {program.Credits:0.##} {program.CreditUnit}",
                    program.Description, new Dictionary<string, string> { [ProgramParameter] = program.Slug }, 100),
            }
            .Concat(program.Requirements.OrderBy(r => r.Position).Select(requirement => new PlacementOption(
                $"requirement:{requirement.Id}", $"{program.Title}: {requirement.Title}",
                requirement.Proctored ? "Proctored assessment" : null,
                new Dictionary<string, string> { [ProgramParameter] = program.Slug, [RequirementParameter] = requirement.Id.ToString() }, 100))))
            .ToList();
    }
}
