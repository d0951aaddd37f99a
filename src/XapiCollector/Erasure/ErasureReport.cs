namespace MicroCredLti.XapiCollector.Erasure;

/// <summary>
/// What an erasure or purge deleted, or with <see cref="DryRun"/> would delete. <see cref="CitedStatements"/> are those an
/// issued award cites: kept unless <see cref="Forced"/>, and then deleted, their awards withdrawn.
/// </summary>
public sealed record ErasureReport(
    Guid Id,
    ErasureKind Kind,
    bool DryRun,
    bool Forced,
    int Statements,
    int Documents,
    int LearnerAccounts,
    IReadOnlyList<Guid> CitedStatements,
    DateTimeOffset At);

/// <summary>An erasure asked for through the admin API: <see cref="Agent"/> is an xAPI Agent object.</summary>
public sealed record AgentErasureRequest(System.Text.Json.JsonElement? Agent, bool DryRun, bool Force, string? Reason);

/// <summary>A retention purge asked for through the admin API: statements stored before <see cref="StoredBefore"/>.</summary>
public sealed record RetentionPurgeRequest(DateTimeOffset? StoredBefore, bool DryRun, bool Force, string? Reason);

public sealed record ErasureList(IReadOnlyList<ErasureEntry> Erasures);

/// <summary>One audited erasure or purge as the admin API lists it.</summary>
public sealed record ErasureEntry(Guid Id, ErasureKind Kind, string Subject, string RequestedBy, string? Reason, bool DryRun, bool Forced,
    int Statements, int Documents, int LearnerAccounts, int CitedStatements, DateTimeOffset At);
