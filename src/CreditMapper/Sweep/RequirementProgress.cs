namespace MicroCredLti.CreditMapper.Sweep;

/// <summary>How far one learner is with one requirement: the statements that passed it and showed proctoring.</summary>
internal sealed class RequirementProgress
{
    public Guid LearnerId { get; set; }
    public Guid RequirementId { get; set; }
    public Guid? PassStatementId { get; set; }
    public double? ScaledScore { get; set; }
    public DateTimeOffset? PassedAt { get; set; }
    public Guid? ProctoringStatementId { get; set; }

    public bool IsMet(bool proctored) => PassStatementId is not null && (!proctored || ProctoringStatementId is not null);
}

/// <summary>How far a sweep has read a feed. Advanced in the same transaction as what it read produced.</summary>
internal sealed class SweepCursor
{
    public required string Name { get; set; }
    public long Position { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
