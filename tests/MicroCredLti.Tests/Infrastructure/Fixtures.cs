using System.Text.Json.Nodes;

namespace MicroCredLti.Tests.Infrastructure;

/// <summary>Real statements from Moodle's logstore_xapi and Open edX's event-routing-backends (../shared/fixtures).</summary>
public static class Fixtures
{
    public static readonly string Root = FindRoot();

    public const string OpenEdxCoursePassed = "openedx-event-routing-backends/edx.course.grade.passed.first_time.json";
    public const string OpenEdxProctoredAttemptSubmitted = "openedx-event-routing-backends/edx.special_exam.proctored.attempt.submitted.json";
    public const string MoodleCourseCompleted = "moodle-logstore_xapi/core__course_completed__completing_existing_course.json";

    /// <summary>A grade with the assignment, section and course as three parents, the site as category, and the grader as instructor.</summary>
    public const string MoodleAssignmentGraded = "moodle-logstore_xapi/mod_assign__assignment_graded__existing_assignment_graded_comment.json";

    /// <summary>The fixture's statement (Moodle files hold arrays; the first statement is taken).</summary>
    public static JsonObject Statement(string path)
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "xapi", path)))!;
        return (node is JsonArray array ? array[0]! : node).AsObject();
    }

    public static IEnumerable<string> AllStatementFiles() =>
        Directory.EnumerateFiles(Path.Combine(Root, "xapi"), "*.json", SearchOption.AllDirectories);

    /// <summary>The statement as the given LMS account did it, under a new id.</summary>
    public static JsonObject By(this JsonObject statement, string homePage, string name)
    {
        statement["actor"] = new JsonObject { ["objectType"] = "Agent", ["account"] = new JsonObject { ["homePage"] = homePage, ["name"] = name } };
        statement["id"] = Guid.NewGuid().ToString();
        return statement;
    }

    public static JsonObject On(this JsonObject statement, string activityId)
    {
        statement["object"]!["id"] = activityId;
        return statement;
    }

    public static JsonObject WithParent(this JsonObject statement, string activityId)
    {
        statement["context"]!["contextActivities"]!["parent"]![0]!["id"] = activityId;
        return statement;
    }

    /// <summary>
    /// Open edX names the exam attempt in contextActivities.grouping by a bare UUID, which is not an IRI and which a
    /// conformant LRS refuses; the attempt is written as an IRI under the LMS root instead.
    /// </summary>
    public static JsonObject WithAttemptAsIri(this JsonObject statement, string lmsRoot)
    {
        var attempt = statement["context"]!["contextActivities"]!["grouping"]![0]!;
        attempt["id"] = $"{lmsRoot}/attempt/{attempt["id"]!.GetValue<string>()}";
        return statement;
    }

    public static JsonObject WithScaledScore(this JsonObject statement, double scaled)
    {
        statement["result"] = new JsonObject { ["score"] = new JsonObject { ["scaled"] = scaled }, ["success"] = true };
        return statement;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "fixtures");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("../shared/fixtures was not found above the test binaries.");
    }
}
