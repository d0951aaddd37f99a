using System.Text.Json;
using System.Text.Json.Nodes;

namespace MicroCredLti.Tests.Infrastructure;

/// <summary>A programs file like the one an institution deploys, with activity ids on the given LMS.</summary>
public sealed class TestPrograms
{
    private TestPrograms(string file, string[] courses, string finalExam)
    {
        File = file;
        Courses = courses;
        FinalExam = finalExam;
    }

    public string File { get; }
    public string[] Courses { get; }
    public string FinalExam { get; }

    public const string Slug = "scm-micromasters";

    /// <summary>The statements of a learner who passes the four courses and the final under proctoring, as Open edX reports them.</summary>
    public JsonObject[] CompletedBy(string lmsRoot, string userId, double finalScore) =>
    [
        .. Courses.Select(course => PassedBy(lmsRoot, userId, course)),
        PassedBy(lmsRoot, userId, FinalExam).WithScaledScore(finalScore),
        Fixtures.Statement(Fixtures.OpenEdxProctoredAttemptSubmitted).By(lmsRoot, userId).WithParent(FinalExam).WithAttemptAsIri(lmsRoot),
    ];

    public static JsonObject PassedBy(string lmsRoot, string userId, string activityId) =>
        Fixtures.Statement(Fixtures.OpenEdxCoursePassed).By(lmsRoot, userId).On(activityId);

    /// <summary>
    /// A MicroMasters-style program: four courses passed and a proctored final passed with at least 60%,
    /// worth 7.5 ECTS, a quarter of a 30 ECTS master's year.
    /// </summary>
    public static TestPrograms SupplyChain(string lmsRoot)
    {
        var courses = Enumerable.Range(1, 4).Select(i => $"{lmsRoot}/course/view.php?id={100 + i}").ToArray();
        var finalExam = $"{lmsRoot}/course/view.php?id=199";
        var requirements = courses.Select((id, i) => (object)new { activityId = id, title = $"SC{i + 1}x" })
            .Append(new { activityId = finalExam, title = "Comprehensive final exam", minScaledScore = 0.6, proctored = true });
        var document = new
        {
            programs = new[]
            {
                new
                {
                    slug = Slug, title = "MicroMasters in Supply Chain Management", description = "Test program",
                    credits = 7.5m, creditUnit = "ECTS", level = "Graduate (EQF level 7)", requirements,
                },
            },
        };
        var file = Path.Combine(Directory.CreateTempSubdirectory("microcred-programs-").FullName, "programs.json");
        System.IO.File.WriteAllText(file, JsonSerializer.Serialize(document));
        return new TestPrograms(file, courses, finalExam);
    }
}
