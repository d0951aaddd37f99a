namespace MicroCredLti.XapiCollector.Erasure;

/// <summary>What an erasure or a retention purge may be.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ErasureKind>))]
public enum ErasureKind
{
    /// <summary>Everything about one agent, on request (GDPR Art. 17).</summary>
    Agent,

    /// <summary>Statements stored before a cut-off, by the retention policy.</summary>
    Retention,
}

/// <summary>
/// The audit of one erasure or purge, dry runs included: who asked, why, and what was (or would be) deleted. An agent is
/// recorded by the SHA-256 of its identifier, never the identifier, so the audit does not keep what it erased.
/// </summary>
internal sealed class ErasureRecord
{
    public Guid Id { get; set; }
    public ErasureKind Kind { get; set; }
    public required string Subject { get; set; }
    public required string RequestedBy { get; set; }
    public string? Reason { get; set; }
    public bool DryRun { get; set; }
    public bool Forced { get; set; }
    public int Statements { get; set; }
    public int Documents { get; set; }
    public int LearnerAccounts { get; set; }

    /// <summary>Statements an award cites among those asked for: kept, or with <see cref="Forced"/> deleted and withdrawn.</summary>
    public int CitedStatements { get; set; }

    public DateTimeOffset At { get; set; }
}
