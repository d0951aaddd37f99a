using MicroCredLti.CreditMapper.Programs;
using MicroCredLti.XapiCollector.Feed;
using MicroCredLti.XapiCollector.Model;

namespace MicroCredLti.CreditMapper.Sweep;

/// <summary>What the credit rules read from a statement, taken from the statement the feed carries.</summary>
internal sealed record StatementFacts(
    FeedStatement Feed, string? ActivityType, IReadOnlyList<string> ContextActivityIds, bool? Success, double? ScaledScore)
{
    public static StatementFacts Of(FeedStatement feed)
    {
        var statement = feed.ReadStatement();
        var context = statement.Context?.ContextActivities;
        // Parent and grouping: Moodle puts the course in parent; Open edX puts the course in parent and the exam
        // attempt in grouping.
        var contextIds = (context?.Parent ?? []).Concat(context?.Grouping ?? []).Select(a => a.Id).OfType<string>().ToList();
        var activityType = statement.Object?.EffectiveObjectType == "Activity" ? statement.Object.Definition?.Type : null;
        return new StatementFacts(feed, activityType, contextIds, statement.Result?.Success, statement.Result?.Score?.Scaled);
    }
}

/// <summary>What a stored statement proves about a requirement.</summary>
internal static class StatementEvidence
{
    /// <summary>
    /// Passed, or completed where completion is enough; a completion with <c>result.success = true</c> is a pass too.
    /// A failed result never counts, and a minimum score needs a scaled score to compare.
    /// </summary>
    public static bool Satisfies(StatementFacts statement, ProgramRequirement requirement)
    {
        if (statement.Feed.ActivityId != requirement.ActivityId || statement.Success == false) return false;
        var outcome = statement.Feed.VerbId switch
        {
            Verbs.Passed => true,
            Verbs.Completed => requirement.Outcome == RequiredOutcome.Completed || statement.Success == true,
            _ => false,
        };
        return outcome && (requirement.MinScaledScore is not { } min || statement.ScaledScore >= min);
    }

    /// <summary>
    /// The learner took the requirement's activity, or an assessment inside it, as a proctored attempt.
    /// Open edX reports proctored exam attempts with the activity type below and the course as parent.
    /// </summary>
    public static bool ShowsProctoring(StatementFacts statement, ProgramRequirement requirement, IReadOnlyCollection<string> proctoredActivityTypes) =>
        requirement.Proctored
        && statement.ActivityType is { } type && proctoredActivityTypes.Contains(type)
        && (statement.Feed.ActivityId == requirement.ActivityId || statement.ContextActivityIds.Contains(requirement.ActivityId));
}
