namespace MicroCredLti.XapiCollector.Feed;

/// <summary>A statement as the other modules see it: who did what to which activity, with what result.</summary>
public sealed record FeedStatement(
    long Sequence,
    Guid StatementId,
    Guid? LearnerId,
    string VerbId,
    string? ActivityId,
    string? ActivityType,
    string? ParentActivityId,
    bool? Success,
    double? ScaledScore,
    bool Voided,
    DateTimeOffset Timestamp);

/// <summary>Reads stored statements in the order they were stored, from a cursor the reader keeps.</summary>
public interface IStatementFeed
{
    Task<IReadOnlyList<FeedStatement>> ReadAfterAsync(long sequence, int maxCount, CancellationToken cancellationToken = default);
}
