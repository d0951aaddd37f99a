using MicroCredLti.XapiCollector.Documents;

namespace MicroCredLti.XapiCollector.Activities;

/// <summary>The <c>activityId</c> query parameter: an Activity's id, which is an absolute IRI (xAPI 1.0.3 Part Two 2.4.4.1).</summary>
internal static class ActivityIdParameter
{
    public static (string? ActivityId, string? Error) Parse(string? value)
    {
        if (string.IsNullOrEmpty(value)) return (null, "The activityId parameter is required.");
        if (value.Length > DocumentLimits.ActivityId) return (null, $"The activityId parameter is longer than {DocumentLimits.ActivityId} characters.");
        if (!Uri.TryCreate(value, UriKind.Absolute, out _)) return (null, "The activityId parameter must be an absolute IRI.");
        return (value, null);
    }
}
