namespace MicroCredLti.XapiCollector.Learners;

/// <summary>One person, whatever LMS accounts they act under.</summary>
internal sealed class Learner
{
    public Guid Id { get; set; }

    /// <summary>The institution's student id (LTI <c>lis.person_sourcedid</c>): the link to the registrar.</summary>
    public string? StudentId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An xAPI agent identifier (see <see cref="AgentIdentifier"/>) that belongs to a learner.</summary>
internal sealed class LearnerAccount
{
    public required string Identifier { get; set; }
    public Guid LearnerId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
