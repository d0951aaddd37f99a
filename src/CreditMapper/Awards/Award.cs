namespace MicroCredLti.CreditMapper.Awards;

/// <summary>A program's credit, awarded once to one learner.</summary>
internal sealed class Award
{
    /// <summary>Order of awarding: the registrar feed's cursor.</summary>
    public long Sequence { get; set; }

    public Guid Id { get; set; }
    public Guid ProgramId { get; set; }
    public Guid LearnerId { get; set; }
    public decimal Credits { get; set; }
    public required string CreditUnit { get; set; }
    public required string Level { get; set; }
    public DateTimeOffset AwardedAt { get; set; }

    /// <summary>JSON list of <see cref="AwardEvidence"/>: which statements met which requirement.</summary>
    public required string Evidence { get; set; }

    /// <summary>When the award was withdrawn; it stays listed, with <see cref="RevocationReason"/>.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevocationReason { get; set; }

    public const int MaxReasonLength = 500;
}

internal sealed record AwardEvidence(
    string Requirement, string ActivityId, Guid StatementId, double? ScaledScore, DateTimeOffset? PassedAt, Guid? ProctoringStatementId);
