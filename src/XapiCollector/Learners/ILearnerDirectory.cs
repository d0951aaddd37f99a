using MicroCredLti.XapiCollector.Model;

namespace MicroCredLti.XapiCollector.Learners;

/// <summary>Resolves xAPI agents to learners, so that one person's activity in several LMSs counts once.</summary>
public interface ILearnerDirectory
{
    /// <summary>
    /// Records that <paramref name="agent"/> is a learner with the given institutional student id, if known.
    /// An account not seen before joins the learner who already holds that student id.
    /// </summary>
    Task<Guid> LinkAsync(Agent agent, string? studentId, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<Guid, string?>> StudentIdsAsync(IEnumerable<Guid> learnerIds, CancellationToken cancellationToken = default);
}
