using MicroCredLti.CreditMapper.Programs;
using MicroCredLti.XapiCollector.Feed;

namespace MicroCredLti.CreditMapper.Sweep;

/// <summary>What a stored statement proves about a requirement.</summary>
public static class StatementEvidence
{
    private const string Passed = "http://adlnet.gov/expapi/verbs/passed";
    private const string Completed = "http://adlnet.gov/expapi/verbs/completed";

    /// <summary>
    /// Passed, or completed where completion is enough; a completion with <c>result.success = true</c> is a pass too.
    /// A failed result never counts, and a minimum score needs a scaled score to compare.
    /// </summary>
    public static bool Satisfies(FeedStatement statement, ProgramRequirement requirement)
    {
        if (statement.ActivityId != requirement.ActivityId || statement.Success == false) return false;
        var outcome = statement.VerbId switch
        {
            Passed => true,
            Completed => requirement.Outcome == RequiredOutcome.Completed || statement.Success == true,
            _ => false,
        };
        return outcome && (requirement.MinScaledScore is not { } min || statement.ScaledScore >= min);
    }

    /// <summary>
    /// The learner took the requirement's activity, or an assessment inside it, as a proctored attempt.
    /// Open edX reports proctored exam attempts with the activity type below and the course as parent.
    /// </summary>
    public static bool ShowsProctoring(FeedStatement statement, ProgramRequirement requirement, IReadOnlyCollection<string> proctoredActivityTypes) =>
        requirement.Proctored
        && statement.ActivityType is { } type && proctoredActivityTypes.Contains(type)
        && (statement.ActivityId == requirement.ActivityId || statement.ParentActivityId == requirement.ActivityId);
}
