namespace MicroCredLti.XapiCollector.Statements;

/// <summary>
/// A statement as stored: the full JSON in <see cref="Payload"/>, plus the columns that queries and the
/// statement feed filter on. <see cref="Sequence"/> is the order of storing, the feed's cursor.
/// </summary>
public sealed class StoredStatement
{
    public long Sequence { get; set; }
    public Guid StatementId { get; set; }
    public Guid? LearnerId { get; set; }
    public required string VerbId { get; set; }
    public string? ActivityId { get; set; }
    public string? ActivityType { get; set; }

    /// <summary>The first <c>context.contextActivities.parent</c>: the course a module or exam belongs to.</summary>
    public string? ParentActivityId { get; set; }

    public bool? Success { get; set; }
    public double? ScaledScore { get; set; }
    public Guid? Registration { get; set; }
    public bool Voided { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public DateTimeOffset Stored { get; set; }
    public required string Payload { get; set; }
}
