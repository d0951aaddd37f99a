namespace MicroCredLti.XapiCollector.Statements;

/// <summary>
/// A statement as stored: the full JSON in <see cref="Payload"/>, plus the columns that queries and the
/// statement feed filter on. <see cref="Sequence"/> is the order of storing, the feed's cursor.
/// </summary>
internal sealed class StoredStatement
{
    public long Sequence { get; set; }
    public Guid StatementId { get; set; }
    public Guid? LearnerId { get; set; }
    public required string VerbId { get; set; }
    public string? ActivityId { get; set; }
    public Guid? Registration { get; set; }
    public bool Voided { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public DateTimeOffset Stored { get; set; }
    public required string Payload { get; set; }
}
