namespace MicroCredLti.XapiCollector.Statements;

/// <summary>Where in a statement an Activity appears (xAPI 1.0.3 Part Two 2.4.4, 2.4.6.2).</summary>
internal enum ActivityRelation : short
{
    /// <summary>The statement's object: what the <c>activity</c> filter matches.</summary>
    Object = 0,
    Parent = 1,
    Grouping = 2,
    Category = 3,
    Other = 4,
    SubStatementObject = 5,
    SubStatementParent = 6,
    SubStatementGrouping = 7,
    SubStatementCategory = 8,
    SubStatementOther = 9,
}

/// <summary>
/// Where in a statement an Agent or Group appears, besides the actor's own identifier (which is
/// <see cref="StoredStatement.ActorIfi"/>). A Group's members appear with the Group's relation: the <c>agent</c> filter
/// matches a Group that has the agent as a member (xAPI 1.0.3 Part Three 2.1.3).
/// </summary>
internal enum AgentRelation : short
{
    /// <summary>A member of the actor Group.</summary>
    Actor = 0,

    /// <summary>The statement's object, or a member of it.</summary>
    Object = 1,
    Authority = 2,
    Instructor = 3,
    Team = 4,
    SubStatementActor = 5,
    SubStatementObject = 6,
    SubStatementInstructor = 7,
    SubStatementTeam = 8,
}

/// <summary>An Activity id that occurs in a stored statement: the index behind <c>activity</c> and <c>related_activities</c>.</summary>
internal sealed class StatementActivity
{
    public long Sequence { get; set; }

    /// <summary>The Activity id, or its <see cref="StatementIndex.Key">index key</see> when it is longer than the column.</summary>
    public required string ActivityId { get; set; }

    public ActivityRelation Relation { get; set; }
}

/// <summary>An Agent or Group identifier that occurs in a stored statement: the index behind <c>agent</c> and <c>related_agents</c>.</summary>
internal sealed class StatementAgent
{
    public long Sequence { get; set; }

    /// <summary>The <see cref="Learners.AgentIdentifier"/>, or its <see cref="StatementIndex.Key">index key</see>.</summary>
    public required string AgentIfi { get; set; }

    public AgentRelation Relation { get; set; }
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
