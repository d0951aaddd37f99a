using System.Text.Json;
using System.Text.Json.Serialization;
using MicroCredLti.CreditMapper.Storage;
using Microsoft.EntityFrameworkCore;
using MicroCredLti.ServiceDefaults.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MicroCredLti.CreditMapper.Programs;

/// <summary>
/// Loads credential programs from the programs file at start-up and updates the stored ones by slug.
/// Requirements are matched by activity id so that learners' progress on them survives an edit.
/// </summary>
internal sealed class ProgramCatalogSeeder(
    CreditDbContext db, IOptions<CreditMapperOptions> options, TimeProvider clock, ILogger<ProgramCatalogSeeder> log) : IModuleSeeder
{
    private static readonly JsonSerializerOptions FileFormat = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (options.Value.ProgramsFile is not { Length: > 0 } path) return;
        await using var file = File.OpenRead(path);
        var catalog = await JsonSerializer.DeserializeAsync<ProgramsFile>(file, FileFormat, cancellationToken)
            ?? throw new InvalidDataException($"{path} holds no programs.");

        foreach (var definition in catalog.Programs)
            await UpsertAsync(definition, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        log.LogInformation("Loaded {Count} credential programs from {Path}", catalog.Programs.Count, path);
    }

    private async Task UpsertAsync(ProgramDefinition definition, CancellationToken cancellationToken)
    {
        var program = await db.Programs.Include(p => p.Requirements).SingleOrDefaultAsync(p => p.Slug == definition.Slug, cancellationToken);
        if (program is null)
        {
            program = new CredentialProgram { Id = Guid.NewGuid(), Slug = definition.Slug, Title = "", CreditUnit = "", Level = "" };
            db.Programs.Add(program);
        }
        program.Title = definition.Title;
        program.Description = definition.Description;
        program.Credits = definition.Credits;
        program.CreditUnit = definition.CreditUnit;
        program.Level = definition.Level;
        program.UpdatedAt = clock.GetUtcNow();

        var byActivity = program.Requirements.ToDictionary(r => r.ActivityId);
        foreach (var removed in program.Requirements.Where(r => definition.Requirements.All(d => d.ActivityId != r.ActivityId)).ToList())
            program.Requirements.Remove(removed);
        for (var i = 0; i < definition.Requirements.Count; i++)
        {
            var wanted = definition.Requirements[i];
            if (!byActivity.TryGetValue(wanted.ActivityId, out var requirement))
            {
                requirement = new ProgramRequirement { Id = Guid.NewGuid(), ActivityId = wanted.ActivityId, Title = "" };
                program.Requirements.Add(requirement);
            }
            requirement.Position = i;
            requirement.Title = wanted.Title;
            requirement.Outcome = wanted.Outcome;
            requirement.MinScaledScore = wanted.MinScaledScore;
            requirement.Proctored = wanted.Proctored;
        }
    }

    private sealed record ProgramsFile(List<ProgramDefinition> Programs);

    private sealed record ProgramDefinition(
        string Slug, string Title, string? Description, decimal Credits, string CreditUnit, string Level, List<RequirementDefinition> Requirements);

    private sealed record RequirementDefinition(
        string ActivityId, string Title, RequiredOutcome Outcome = RequiredOutcome.Passed, double? MinScaledScore = null, bool Proctored = false);
}
