namespace MicroCredLti.XapiCollector.Statements;

/// <summary>Where in a statement an Activity appears (xAPI 1.0.3 Part Two 2.4.4, 2.4.6.2); one statement may use it in several.</summary>
[Flags]
internal enum ActivityRelations : short
{
    None = 0,

    /// <summary>The statement's object: what the <c>activity</c> filter matches.</summary>
    Object = 1 << 0,
    Parent = 1 << 1,
    Grouping = 1 << 2,
    Category = 1 << 3,
    Other = 1 << 4,
    SubStatementObject = 1 << 5,
    SubStatementParent = 1 << 6,
    SubStatementGrouping = 1 << 7,
    SubStatementCategory = 1 << 8,
    SubStatementOther = 1 << 9,
}

/// <summary>
/// Where in a statement an Agent or identified Group appears, besides the actor's own identifier (which is
/// <see cref="StoredStatement.ActorIfi"/>). A Group's members appear with the Group's relation: the <c>agent</c> filter
/// matches a Group that has the agent as a member (xAPI 1.0.3 Part Three 2.1.3).
/// </summary>
[Flags]
internal enum AgentRelations : short
{
    None = 0,

    /// <summary>A member of the actor Group: with the actor and <see cref="Object"/>, what the <c>agent</c> filter matches.</summary>
    Actor = 1 << 0,

    /// <summary>The statement's object, or a member of it.</summary>
    Object = 1 << 1,
    Authority = 1 << 2,
    Instructor = 1 << 3,
    Team = 1 << 4,
    SubStatementActor = 1 << 5,
    SubStatementObject = 1 << 6,
    SubStatementInstructor = 1 << 7,
    SubStatementTeam = 1 << 8,
}

/// <summary>
/// An Activity id that occurs in a stored statement, once however many roles it has there: the index behind
/// <c>activity</c> and <c>related_activities</c>. It carries the statement's stored time, so that the index lists an
/// activity's statements in the order pages are read, newest first (xAPI 1.0.3 Part Three 2.1.3).
/// </summary>
internal sealed class StatementActivity
{
    /// <summary>The Activity id's <see cref="StatementIndex.LinkKey">16-byte key</see>.</summary>
    public required byte[] ActivityKey { get; set; }

    public DateTimeOffset Stored { get; set; }
    public long Sequence { get; set; }
    public ActivityRelations Relations { get; set; }
}

/// <summary>An Agent or Group identifier that occurs in a stored statement: the index behind <c>agent</c> and <c>related_agents</c>.</summary>
internal sealed class StatementAgent
{
    /// <summary>The <see cref="StatementIndex.LinkKey">16-byte key</see> of the <see cref="Learners.AgentIdentifier"/>.</summary>
    public required byte[] AgentKey { get; set; }

    public DateTimeOffset Stored { get; set; }
    public long Sequence { get; set; }
    public AgentRelations Relations { get; set; }
}

/// <summary>
/// A statement that a stored statement targets through a StatementRef object, directly or through statements that
/// target others in turn: such a statement matches a filter its target matches (xAPI 1.0.3 Part Three 2.1.3, "Filter
/// Conditions for StatementRefs"). The target need not be stored yet.
/// </summary>
internal sealed class TargetedStatement
{
    /// <summary>The targeting statement.</summary>
    public long Sequence { get; set; }

    /// <summary>The statement id it targets.</summary>
    public Guid StatementId { get; set; }
}
