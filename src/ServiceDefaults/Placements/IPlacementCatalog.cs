namespace MicroCredLti.ServiceDefaults.Placements;

/// <summary>
/// Something an instructor can place in a course with the LTI tool: a credit program's progress page, or one requirement
/// of a program the course counts toward. <see cref="Custom"/> travels with the placement (as LTI custom parameters)
/// and comes back on every launch of it; <see cref="ScoreMaximum"/>, when set, asks the LMS for a gradebook column.
/// </summary>
public sealed record PlacementOption(string Id, string Title, string? Description, IReadOnlyDictionary<string, string> Custom, double? ScoreMaximum);

/// <summary>
/// What can be placed: offered by the credit module, shown by the LTI tool's deep linking picker. A contract here keeps
/// the two modules independent of each other.
/// </summary>
public interface IPlacementCatalog
{
    Task<IReadOnlyList<PlacementOption>> ListAsync(CancellationToken cancellationToken);
}

/// <summary>A learner's standing in what a placement shows, out of 100, and whether it is complete.</summary>
public sealed record PlacementProgress(Guid LearnerId, double Score, bool Complete);

/// <summary>
/// Each learner's standing in a placement, named by the custom parameters the placement was created with: offered by
/// the credit module, sent to the LMS's gradebook by the LTI tool.
/// </summary>
public interface IProgressSource
{
    /// <summary>The standing of those of <paramref name="learnerIds"/> that have one; none for a placement it does not know.</summary>
    Task<IReadOnlyList<PlacementProgress>> ProgressAsync(IReadOnlyDictionary<string, string> custom, IReadOnlyCollection<Guid> learnerIds,
        CancellationToken cancellationToken);
}
