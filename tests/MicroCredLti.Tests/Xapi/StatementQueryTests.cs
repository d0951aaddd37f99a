using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using MicroCredLti.Tests.Infrastructure;
using MicroCredLti.XapiCollector.Learners;
using MicroCredLti.XapiCollector.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MicroCredLti.Tests.Xapi;

/// <summary>
/// GET /xapi/statements finds statements by every filter xAPI defines (1.0.3 Part Three 2.1.3), on each database: by
/// an agent's identifier alone, by activities and agents anywhere in a statement, by stored time, and through the
/// statements that target them.
/// </summary>
public sealed class StatementQueryTests
{
    private const string Moodle = "https://moodle.example.edu";
    private const string Canvas = "https://canvas.example.edu";
    private const string Course = "http://www.example.org/course/view.php?id=2";

    [Theory]
    [InlineData(Storage.Sqlite)]
    [InlineData(Storage.PostgreSql)]
    public async Task The_agent_filter_matches_that_agents_identifier_and_not_the_same_learners_other_accounts(Storage storage)
    {
        await using var database = await TestDatabase.CreateAsync(storage);
        await using var tool = ToolHost.Start(database);
        var lrs = new LrsClient(tool.CreateClient());
        // One student, two LMSs: the learner directory knows both accounts are the same person.
        using (var scope = tool.Services.CreateScope())
        {
            var learners = scope.ServiceProvider.GetRequiredService<ILearnerDirectory>();
            await learners.LinkAsync(Agent.ForAccount(Moodle, "7"), "s-1001");
            await learners.LinkAsync(Agent.ForAccount(Canvas, "ada"), "s-1001");
        }
        var inMoodle = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7");
        var inCanvas = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Canvas, "ada");
        (await lrs.PostAsync(inMoodle, inCanvas)).StatusCode.Should().Be(HttpStatusCode.OK);

        var found = await lrs.IdsAsync(LrsClient.Query(("agent", AccountJson(Moodle, "7"))));

        found.Should().Equal([Id(inMoodle)], "a client reading Moodle's account must not see what the same student did in Canvas");
    }

    [Theory]
    [InlineData(Storage.Sqlite)]
    [InlineData(Storage.PostgreSql)]
    public async Task A_verb_and_an_activity_together_find_the_statements_with_both_and_with_related_activities_any_context(Storage storage)
    {
        await using var database = await TestDatabase.CreateAsync(storage);
        await using var tool = ToolHost.Start(database);
        var lrs = new LrsClient(tool.CreateClient());
        const string Completed = "http://adlnet.gov/expapi/verbs/completed";
        var completed = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7");
        var experienced = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "8");
        experienced["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/experienced" };
        var graded = Fixtures.Statement(Fixtures.MoodleAssignmentGraded).By(Moodle, "9");
        graded["verb"] = new JsonObject { ["id"] = Completed };
        (await lrs.PostAsync(completed, experienced, graded)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await lrs.IdsAsync(LrsClient.Query(("verb", Completed), ("activity", Course)))).Should().Equal(Id(completed));
        (await lrs.IdsAsync(LrsClient.Query(("verb", Completed), ("activity", Course), ("related_activities", "true"))))
            .Should().Equal([Id(graded), Id(completed)], "the course is the graded assignment's parent");
        (await lrs.IdsAsync(LrsClient.Query(("verb", Completed), ("activity", Course), ("agent", AccountJson(Moodle, "8"))))).Should().BeEmpty();
    }

    [Theory]
    [InlineData(Storage.Sqlite)]
    [InlineData(Storage.PostgreSql)]
    public async Task Related_activities_finds_a_statement_by_any_of_its_parents_and_categories_and_activity_by_its_object_only(Storage storage)
    {
        await using var database = await TestDatabase.CreateAsync(storage);
        await using var tool = ToolHost.Start(database);
        var lrs = new LrsClient(tool.CreateClient());
        // The course is the third of three parents.
        var graded = Fixtures.Statement(Fixtures.MoodleAssignmentGraded).By(Moodle, "7");
        var completed = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "8");
        (await lrs.PostAsync(graded, completed)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await lrs.IdsAsync(LrsClient.Query(("activity", Course)))).Should().Equal(Id(completed));
        (await lrs.IdsAsync(LrsClient.Query(("activity", Course), ("related_activities", "true")))).Should().Equal(Id(completed), Id(graded));
        (await lrs.IdsAsync(LrsClient.Query(("activity", "http://www.example.org/course/section.php?id=1"), ("related_activities", "true"))))
            .Should().Equal(Id(graded));
        (await lrs.IdsAsync(LrsClient.Query(("activity", "http://www.example.org"), ("related_activities", "true"))))
            .Should().Equal([Id(completed), Id(graded)], "the site is both statements' category");
    }

    [Theory]
    [InlineData(Storage.Sqlite)]
    [InlineData(Storage.PostgreSql)]
    public async Task Related_agents_finds_instructors_teams_authorities_group_members_and_SubStatement_agents(Storage storage)
    {
        await using var database = await TestDatabase.CreateAsync(storage);
        await using var tool = ToolHost.Start(database);
        var lrs = new LrsClient(tool.CreateClient());
        var graded = Fixtures.Statement(Fixtures.MoodleAssignmentGraded).By(Moodle, "7");
        graded["context"]!["instructor"] = Account(Moodle, "teacher");
        graded["context"]!["team"] = new JsonObject { ["objectType"] = "Group", ["member"] = new JsonArray(Account(Moodle, "peer")) };
        var byGroup = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "8");
        byGroup["actor"] = new JsonObject { ["objectType"] = "Group", ["member"] = new JsonArray(Account(Moodle, "peer"), Account(Moodle, "8")) };
        var planned = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "9");
        planned["object"] = new JsonObject
        {
            ["objectType"] = "SubStatement",
            ["actor"] = Account(Moodle, "teacher"),
            ["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/completed" },
            ["object"] = new JsonObject { ["id"] = Course },
        };
        (await lrs.PostAsync(graded, byGroup, planned)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await lrs.IdsAsync(LrsClient.Query(("agent", AccountJson(Moodle, "teacher"))))).Should().BeEmpty();
        (await lrs.IdsAsync(LrsClient.Query(("agent", AccountJson(Moodle, "teacher")), ("related_agents", "true"))))
            .Should().Equal(Id(planned), Id(graded));
        (await lrs.IdsAsync(LrsClient.Query(("agent", AccountJson(Moodle, "peer")))))
            .Should().Equal([Id(byGroup)], "a Group matches the agent filter when the agent is one of its members");
        (await lrs.IdsAsync(LrsClient.Query(("agent", AccountJson(Moodle, "peer")), ("related_agents", "true"))))
            .Should().Equal(Id(byGroup), Id(graded));
        var client = new JsonObject { ["account"] = new JsonObject { ["homePage"] = "http://localhost/xapi/clients", ["name"] = ToolHost.LrsKey } };
        (await lrs.IdsAsync(LrsClient.Query(("agent", client.ToJsonString()), ("related_agents", "true"))))
            .Should().HaveCount(3, "the LRS client is every statement's authority");
    }

    [Theory]
    [InlineData(Storage.Sqlite)]
    [InlineData(Storage.PostgreSql)]
    public async Task Since_and_until_select_by_stored_time_exclusive_and_inclusive(Storage storage)
    {
        await using var database = await TestDatabase.CreateAsync(storage);
        await using var tool = ToolHost.Start(database);
        var lrs = new LrsClient(tool.CreateClient());
        var (ids, stored) = (new List<string>(), new List<DateTimeOffset>());
        foreach (var name in new[] { "first", "second", "third" })
        {
            var statement = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, name);
            (await lrs.PostAsync(statement)).StatusCode.Should().Be(HttpStatusCode.OK);
            ids.Add(Id(statement));
            stored.Add(await StoredAsync(lrs, Id(statement)));
            await Task.Delay(5);
        }
        stored.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();

        var second = stored[1].ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        (await lrs.IdsAsync(LrsClient.Query(("since", second)))).Should().Equal(ids[2]);
        (await lrs.IdsAsync(LrsClient.Query(("until", second)))).Should().Equal(ids[1], ids[0]);
        var secondInParis = stored[1].ToOffset(TimeSpan.FromHours(1)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        var justAfterThird = stored[2].ToString("yyyy-MM-dd'T'HH:mm:ss.fff'000001Z'", CultureInfo.InvariantCulture);
        (await lrs.IdsAsync(LrsClient.Query(("since", stored[0].ToString("o", CultureInfo.InvariantCulture)), ("until", justAfterThird))))
            .Should().Equal(ids[2], ids[1]);
        (await lrs.IdsAsync(LrsClient.Query(("since", secondInParis)))).Should().Equal(ids[2]);
    }

    [Theory]
    [InlineData(Storage.Sqlite, false)]
    [InlineData(Storage.PostgreSql, true)]
    public async Task Stored_is_the_database_clock_on_PostgreSQL_so_replicas_agree_and_the_host_clock_on_SQLite(Storage storage, bool databaseClock)
    {
        var hostClock = new FakeTimeProvider(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var database = await TestDatabase.CreateAsync(storage);
        await using var tool = ToolHost.Start(database, services: s => s.AddSingleton<TimeProvider>(hostClock));
        var lrs = new LrsClient(tool.CreateClient());
        var statement = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7");
        (await lrs.PostAsync(statement)).StatusCode.Should().Be(HttpStatusCode.OK);

        var stored = await StoredAsync(lrs, Id(statement));
        if (databaseClock) stored.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        else stored.Should().Be(hostClock.GetUtcNow());
    }

    private static async Task<DateTimeOffset> StoredAsync(LrsClient lrs, string id)
    {
        var response = await lrs.GetAsync(LrsClient.Query(("statementId", id)));
        var statement = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var stored = DateTimeOffset.Parse(statement["stored"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        response.Content.Headers.LastModified.Should().Be(stored.AddTicks(-(stored.UtcTicks % TimeSpan.TicksPerSecond)),
            "Last-Modified is the statement's stored time, to the second HTTP dates have");
        return stored;
    }

    [Theory]
    [InlineData(Storage.Sqlite)]
    [InlineData(Storage.PostgreSql)]
    public async Task Statements_that_target_a_matching_statement_match_too_and_a_voided_statement_is_never_listed(Storage storage)
    {
        await using var database = await TestDatabase.CreateAsync(storage);
        await using var tool = ToolHost.Start(database);
        var lrs = new LrsClient(tool.CreateClient());
        const string Verb = "http://adlnet.gov/expapi/verbs/experienced";
        var original = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7");
        original["verb"] = new JsonObject { ["id"] = Verb };
        var voiding = Reference(Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "admin"), original);
        voiding["verb"] = new JsonObject { ["id"] = "http://adlnet.gov/expapi/verbs/voided" };
        var comment = Reference(Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "teacher"), original);
        // Stored before the statement it targets: the chain is complete whatever order it arrives in.
        var reply = Reference(Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7"), comment);
        (await lrs.PostAsync(reply)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await lrs.PostAsync(original)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await lrs.PostAsync(comment, voiding)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await lrs.IdsAsync(LrsClient.Query(("verb", Verb)))).Should().Equal(Id(voiding), Id(comment), Id(reply));
        (await lrs.IdsAsync(LrsClient.Query(("agent", AccountJson(Moodle, "7")), ("verb", Verb))))
            .Should().Equal([Id(voiding), Id(comment), Id(reply)], "what targets the voided statement still matches what it matched");
        (await lrs.IdsAsync()).Should().NotContain(Id(original));
    }

    [Fact]
    public async Task A_registration_and_verb_filter_combine()
    {
        await using var database = await TestDatabase.CreateAsync(Storage.Sqlite);
        await using var tool = ToolHost.Start(database);
        var lrs = new LrsClient(tool.CreateClient());
        var registration = Guid.NewGuid().ToString();
        var registered = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7");
        registered["context"]!["registration"] = registration;
        var elsewhere = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7");
        (await lrs.PostAsync(registered, elsewhere)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await lrs.IdsAsync(LrsClient.Query(("registration", registration), ("verb", "http://adlnet.gov/expapi/verbs/completed"))))
            .Should().Equal(Id(registered));
        (await lrs.IdsAsync(LrsClient.Query(("registration", registration), ("verb", "http://adlnet.gov/expapi/verbs/passed"))))
            .Should().BeEmpty();
    }

    [Fact]
    public async Task A_client_that_may_read_only_its_own_statements_gets_only_those()
    {
        await using var database = await TestDatabase.CreateAsync(Storage.Sqlite);
        await using var tool = ToolHost.Start(database, new Dictionary<string, string?>
        {
            // No scopes named: the spec's default, statements/write and statements/read/mine.
            ["XapiCollector:Clients:1:Key"] = "canvas-emitter",
            ["XapiCollector:Clients:1:Secret"] = "canvas-emitter-secret-0123456789",
        });
        var everything = new LrsClient(tool.CreateClient());
        var own = new LrsClient(tool.CreateClient(), "canvas-emitter", "canvas-emitter-secret-0123456789");
        var fromMoodle = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7");
        var fromCanvas = Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Canvas, "ada");
        (await everything.PostAsync(fromMoodle)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await own.PostAsync(fromCanvas)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await own.IdsAsync()).Should().Equal(Id(fromCanvas));
        (await own.GetAsync($"?statementId={Id(fromMoodle)}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await everything.IdsAsync()).Should().Equal(Id(fromCanvas), Id(fromMoodle));
    }

    private static JsonObject Reference(JsonObject statement, JsonObject target)
    {
        statement["object"] = new JsonObject { ["objectType"] = "StatementRef", ["id"] = Id(target) };
        statement["context"]!.AsObject().Remove("contextActivities");
        return statement;
    }

    private static JsonObject Account(string homePage, string name) =>
        new() { ["objectType"] = "Agent", ["account"] = new JsonObject { ["homePage"] = homePage, ["name"] = name } };

    private static string AccountJson(string homePage, string name) => Account(homePage, name).ToJsonString();

    private static string Id(JsonObject statement) => statement["id"]!.GetValue<string>();
}
