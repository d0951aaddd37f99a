namespace MicroCredLti.XapiCollector.Erasure;

/// <summary>
/// What another module holds up as evidence: statements an issued award cites. Erasure and retention purges ask before
/// they delete statements and, when forced to delete cited ones, say so, so that what rests on them is withdrawn.
/// </summary>
public interface IEvidenceCitations
{
    /// <summary>Those of <paramref name="statementIds"/> that an issued, unrevoked award cites.</summary>
    Task<IReadOnlySet<Guid>> CitedAmongAsync(IReadOnlyCollection<Guid> statementIds, CancellationToken cancellationToken);

    /// <summary>The statements were deleted though cited; <paramref name="reason"/> says why, for the audit of what is withdrawn.</summary>
    Task WithdrawAsync(IReadOnlyCollection<Guid> statementIds, string reason, CancellationToken cancellationToken);
}
