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

    /// <summary>The actor's <see cref="Learners.AgentIdentifier"/> as an <see cref="StatementIndex.Key">index key</see>; none for an anonymous Group.</summary>
    public string? ActorIfi { get; set; }

    public required string VerbId { get; set; }
    public string? ActivityId { get; set; }
    public Guid? Registration { get; set; }

    /// <summary>The <see cref="StatementIndex.VerbActivityKey">key of the verb and the object Activity</see>; none when the object is not an Activity.</summary>
    public byte[]? VerbActivityKey { get; set; }
    public bool Voided { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public DateTimeOffset Stored { get; set; }
    public required string Payload { get; set; }

    /// <summary>Every Activity in the statement; written with it, read only by queries.</summary>
    public List<StatementActivity> Activities { get; } = [];

    /// <summary>Every Agent and identified Group in the statement but the actor's own identifier (<see cref="ActorIfi"/>).</summary>
    public List<StatementAgent> Agents { get; } = [];

    /// <summary>The statements this one targets through its StatementRef object, however indirectly.</summary>
    public List<TargetedStatement> Targets { get; } = [];
}
