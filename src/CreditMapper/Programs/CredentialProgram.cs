namespace MicroCredLti.CreditMapper.Programs;

/// <summary>
/// A credit-bearing micro-credential: a series of courses (and usually a proctored final) that together are worth
/// a stated share of a degree, e.g. a MicroMasters worth 7.5 of a 30 ECTS master's year.
/// </summary>
internal sealed class CredentialProgram
{
    public Guid Id { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public decimal Credits { get; set; }
    public required string CreditUnit { get; set; }
    public required string Level { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<ProgramRequirement> Requirements { get; set; } = [];
}

/// <summary>One activity a learner must pass (or complete) for the program, with its pass rules.</summary>
internal sealed class ProgramRequirement
{
    public Guid Id { get; set; }
    public Guid ProgramId { get; set; }
    public int Position { get; set; }

    /// <summary>The xAPI activity id the LMS reports the course or exam under.</summary>
    public required string ActivityId { get; set; }

    public required string Title { get; set; }
    public RequiredOutcome Outcome { get; set; } = RequiredOutcome.Passed;

    /// <summary>Lowest <c>result.score.scaled</c> that passes; when null the platform's own verdict counts.</summary>
    public double? MinScaledScore { get; set; }

    /// <summary>The learner must also have taken the activity under proctoring (see <see cref="Sweep.StatementEvidence"/>).</summary>
    public bool Proctored { get; set; }
}

internal enum RequiredOutcome
{
    Passed,
    Completed,
}
