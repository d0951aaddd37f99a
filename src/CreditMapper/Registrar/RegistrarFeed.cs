using System.Text.Json;
using MicroCredLti.CreditMapper.Awards;
using MicroCredLti.CreditMapper.Storage;
using MicroCredLti.XapiCollector.Learners;
using Microsoft.EntityFrameworkCore;

namespace MicroCredLti.CreditMapper.Registrar;

internal sealed record RegistrarCredit(
    Guid AwardId,
    long Sequence,
    Guid LearnerId,
    string? StudentId,
    string ProgramSlug,
    string ProgramTitle,
    decimal Credits,
    string CreditUnit,
    string Level,
    DateTimeOffset AwardedAt,
    IReadOnlyList<AwardEvidence> Evidence,
    DateTimeOffset? RevokedAt,
    string? RevocationReason);

/// <summary>A page of awards in awarding order; <see cref="Next"/> is the cursor to ask with for the following page.</summary>
internal sealed record RegistrarCreditPage(IReadOnlyList<RegistrarCredit> Credits, long Next);

/// <summary>Awards as the registrar pulls them: with the institutional student id where the LMS sent one.</summary>
internal sealed class RegistrarFeed(CreditDbContext db, ILearnerDirectory learners)
{
    public const int MaxPageSize = 500;

    public async Task<RegistrarCreditPage> ReadAfterAsync(long after, int limit, CancellationToken cancellationToken)
    {
        var rows = await (from award in db.Awards.AsNoTracking()
                          join program in db.Programs.AsNoTracking() on award.ProgramId equals program.Id
                          where award.Sequence > after
                          orderby award.Sequence
                          select new { award, program.Slug, program.Title })
            .Take(Math.Clamp(limit, 1, MaxPageSize))
            .ToListAsync(cancellationToken);
        var studentIds = await learners.StudentIdsAsync(rows.Select(r => r.award.LearnerId), cancellationToken);
        var credits = rows.Select(r => new RegistrarCredit(
            r.award.Id, r.award.Sequence, r.award.LearnerId, studentIds.GetValueOrDefault(r.award.LearnerId),
            r.Slug, r.Title, r.award.Credits, r.award.CreditUnit, r.award.Level, r.award.AwardedAt,
            JsonSerializer.Deserialize<List<AwardEvidence>>(r.award.Evidence, JsonSerializerOptions.Web)!,
            r.award.RevokedAt, r.award.RevocationReason)).ToList();
        return new RegistrarCreditPage(credits, credits.Count > 0 ? credits[^1].Sequence : after);
    }
}
