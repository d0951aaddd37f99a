using System.Net;
using System.Text.Json.Nodes;
using MicroCredLti.Tests.Infrastructure;
using MicroCredLti.XapiCollector;
using MicroCredLti.XapiCollector.Model;
using MicroCredLti.XapiCollector.Statements;

namespace MicroCredLti.Tests.Xapi;

/// <summary>
/// Every rule of xAPI 1.0.3 Part Two 2.2–2.6 and 4.0 that a statement breaks is refused with a 400 naming where, and
/// the request stores nothing. Statements are real emitted ones (Moodle's course completion) with one thing changed.
/// </summary>
public sealed class StatementValidationTests(SharedHost host) : IClassFixture<SharedHost>
{
    private const string Moodle = "https://moodle.example.edu";
    private const string Remove = "<remove>";
    private const string Uuid = "aa97b177-9383-4934-8543-0f91a7a02836";

    private static JsonObject Statement() => Fixtures.Statement(Fixtures.MoodleCourseCompleted).By(Moodle, "7");

    private static JsonObject Changed(string path, string json) =>
        json == Remove ? Statement().Without(path) : Statement().With(path, JsonNode.Parse(json));

    [Theory]
    // IRIs (Data 2.2.s4.b1.b8, 2.4.3, 2.4.4.1, 4.1)
    [InlineData("verb.id", "\"passed\"", "$.verb.id")]
    [InlineData("object.id", "\"course-2\"", "$.object.id")]
    [InlineData("object.id", "\"ab=c://should.fail.com\"", "$.object.id")]
    [InlineData("object.definition.type", "\"course\"", "$.object.definition.type")]
    [InlineData("object.definition.moreInfo", "\"should fail\"", "$.object.definition.moreInfo")]
    [InlineData("context.contextActivities.category[0].id", "\"aa97b177-9383-4934-8543-0f91a7a02836\"", "$.context.contextActivities.category[0]")]
    [InlineData("context.contextActivities.category[0].definition.type", "\"lms\"", "$.context.contextActivities.category[0].definition.type")]
    [InlineData("context.extensions", """{"info": 1}""", "$.context.extensions.info")]
    [InlineData("context.extensions", """{"should fail": 1}""", "$.context.extensions['should fail']")]
    [InlineData("result.extensions", """{"score": 1}""", "$.result.extensions.score")]
    [InlineData("object.definition.extensions", """{"urn": true}""", "$.object.definition.extensions.urn")]
    // Agents and their identifiers (Data 2.4.2)
    [InlineData("actor", """{"mbox": "mailto:should.fail.com"}""", "$.actor.mbox")]
    [InlineData("actor", """{"mbox": "ada@example.edu"}""", "$.actor.mbox")]
    [InlineData("actor", """{"mbox_sha1sum": "abc"}""", "$.actor.mbox_sha1sum")]
    [InlineData("actor", """{"openid": "not a uri"}""", "$.actor.openid")]
    [InlineData("actor", """{"account": {"homePage": "moodle", "name": "7"}}""", "$.actor.account.homePage")]
    [InlineData("actor", """{"account": {"homePage": "https://moodle.example.edu", "name": ""}}""", "$.actor.account.name")]
    [InlineData("actor", """{"account": {"homePage": "https://moodle.example.edu"}}""", "$.actor.account.name")]
    [InlineData("actor", """{"objectType": "agent", "mbox": "mailto:ada@example.edu"}""", "$.actor.objectType")]
    [InlineData("actor", """{"name": "Ada"}""", "$.actor")]
    [InlineData("actor", """{"objectType": "Group", "member": [{"objectType": "Group", "mbox": "mailto:team@example.edu"}]}""", "$.actor.member[0].objectType")]
    [InlineData("actor", """{"objectType": "Group", "member": [{"name": "no identifier"}]}""", "$.actor.member[0]")]
    [InlineData("actor", """{"mbox": "mailto:ada@example.edu", "member": [{"mbox": "mailto:bob@example.edu"}]}""", "$.actor.member")]
    [InlineData("context.instructor", """{"mbox": "mailto:ada@example.edu", "openid": "https://example.edu/ada"}""", "$.context.instructor")]
    [InlineData("context.team", """{"mbox": "mailto:team@example.edu"}""", "$.context.team.objectType")]
    [InlineData("context.team", """{"objectType": "Group", "mbox": "mailto:team@example.edu", "account": {"homePage": "https://example.edu", "name": "t"}}""", "$.context.team")]
    // Authority (Data 2.4.9): an Agent, or an anonymous Group of exactly two Agents
    [InlineData("authority", """{"objectType": "Group", "member": [{"mbox": "mailto:bob@example.com"}]}""", "$.authority.member")]
    [InlineData("authority", """{"objectType": "Group", "member": [{"mbox": "mailto:a@example.com"}, {"mbox": "mailto:b@example.com"}, {"mbox": "mailto:c@example.com"}]}""", "$.authority.member")]
    [InlineData("authority", """{"objectType": "Group", "mbox": "mailto:g@example.com", "member": [{"mbox": "mailto:a@example.com"}, {"mbox": "mailto:b@example.com"}]}""", "$.authority")]
    [InlineData("authority", """{"mbox": "mailto:should.fail.com"}""", "$.authority.mbox")]
    // Objects (Data 2.4.4) and their objectType values, case-sensitive (2.2.s4.b1.b6)
    [InlineData("object.objectType", "\"activity\"", "$.object.objectType")]
    [InlineData("object.objectType", "\"GroupActivity\"", "$.object.objectType")]
    [InlineData("object", """{"objectType": "StatementRef", "id": "{aa97b177-9383-4934-8543-0f91a7a02836}"}""", "$.object.id")]
    [InlineData("object", """{"objectType": "StatementRef", "id": "aa97b1779383493485430f91a7a02836"}""", "$.object.id")]
    [InlineData("object", """{"objectType": "Agent", "name": "no identifier"}""", "$.object")]
    [InlineData("object", """{"mbox": "mailto:ada@example.edu"}""", "$.object.id")]
    [InlineData("object.definition.interactionType", "\"choiCe\"", "$.object.definition.interactionType")]
    [InlineData("object.definition.interactionType", "\"http://adlnet.gov/expapi/activities/cmi.interaction\"", "$.object.definition.interactionType")]
    [InlineData("object.definition.choices", """[{"id": "a"}]""", "$.object.definition.interactionType")]
    [InlineData("object.definition.correctResponsesPattern", """["a"]""", "$.object.definition.interactionType")]
    [InlineData("object.definition", """{"interactionType": "likert", "choices": [{"id": "a"}]}""", "$.object.definition.choices")]
    [InlineData("object.definition", """{"interactionType": "choice", "choices": [{"id": "a"}, {"id": "a"}]}""", "$.object.definition.choices[1].id")]
    [InlineData("object.definition", """{"interactionType": "matching", "source": [{"id": ""}], "target": [{"id": "t"}]}""", "$.object.definition.source[0].id")]
    // SubStatements (Data 2.4.4.3)
    [InlineData("object", """{"objectType": "SubStatement", "actor": {"mbox": "mailto:ada@example.edu"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"}, "object": {"objectType": "SubStatement", "actor": {"mbox": "mailto:ada@example.edu"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"}, "object": {"id": "http://example.edu/a"}}}""", "$.object.object.objectType")]
    [InlineData("object", """{"objectType": "SubStatement", "id": "aa97b177-9383-4934-8543-0f91a7a02836", "actor": {"mbox": "mailto:ada@example.edu"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"}, "object": {"id": "http://example.edu/a"}}""", "$.object.id")]
    [InlineData("object", """{"objectType": "SubStatement", "actor": {"mbox": "mailto:ada@example.edu"}, "verb": {"id": "attended"}, "object": {"id": "http://example.edu/a"}}""", "$.object.verb.id")]
    [InlineData("object", """{"objectType": "SubStatement", "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"}, "object": {"id": "http://example.edu/a"}}""", "$.object.actor")]
    [InlineData("object", """{"objectType": "SubStatement", "actor": {"mbox": "mailto:ada@example.edu"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"}, "object": {"id": "http://example.edu/a"}, "timestamp": "yesterday"}""", "$.object.timestamp")]
    // Context (Data 2.4.6)
    [InlineData("context.language", "\"something\"", "$.context.language")]
    [InlineData("context.contextAgents", """[{"objectType": "contextAgent", "agent": {"mbox": "mailto:ada@example.edu"}}]""", "$.context.contextAgents")]
    [InlineData("context.statement", """{"objectType": "StatementRef", "id": "not-a-uuid"}""", "$.context.statement.id")]
    [InlineData("context.statement", """{"objectType": "Activity", "id": "http://example.edu/a"}""", "$.context.statement.objectType")]
    // Language maps (Data 4.2)
    [InlineData("verb.display", """{"a12345": "attended"}""", "$.verb.display.a12345")]
    [InlineData("object.definition.name", """{"en_US": "Course"}""", "$.object.definition.name.en_US")]
    [InlineData("object.definition.description", """{"zh-z-aaa-z-bbb-c-ccc": "Course"}""", "$.object.definition.description['zh-z-aaa-z-bbb-c-ccc']")]
    // Result (Data 2.4.5) and durations (Data 4.6)
    [InlineData("result.duration", "\"PT5\"", "$.result.duration")]
    [InlineData("result.duration", "\"P4W1D\"", "$.result.duration")]
    [InlineData("result.duration", "\"1 hour\"", "$.result.duration")]
    [InlineData("result.score", """{"scaled": 1.5}""", "$.result.score.scaled")]
    [InlineData("result.score", """{"raw": 11, "min": 0, "max": 10}""", "$.result.score.raw")]
    [InlineData("result.score", """{"min": 10, "max": 0}""", "$.result.score")]
    // Timestamps (Data 4.5), stored and version (2.4.8, 2.4.10)
    [InlineData("timestamp", "\"2026-11-25T10:15:30\"", "$.timestamp")]
    [InlineData("timestamp", "\"2008-09-15T15:53:00.601-00:00\"", "$.timestamp")]
    [InlineData("timestamp", "\"01/011/2015\"", "$.timestamp")]
    [InlineData("stored", "\"2026-02-30T10:15:30Z\"", "$.stored")]
    [InlineData("version", "\"1.0garbage\"", "$.version")]
    [InlineData("version", "\"1.1.0\"", "$.version")]
    [InlineData("version", "\"2.0.0\"", "$.version")]
    // Required properties (Data 2.4)
    [InlineData("actor", Remove, "$.actor")]
    [InlineData("verb", Remove, "$.verb")]
    [InlineData("object", Remove, "$.object")]
    [InlineData("verb.id", Remove, "$.verb.id")]
    [InlineData("object.id", Remove, "$.object.id")]
    // Attachments' metadata (Data 2.4.11)
    [InlineData("attachments", """[{"usageType": "not an iri", "display": {"en": "a"}, "contentType": "text/plain", "length": 1, "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a", "fileUrl": "http://example.edu/a.txt"}]""", "$.attachments[0].usageType")]
    [InlineData("attachments", """[{"usageType": "http://example.edu/use", "display": {"en": "a"}, "contentType": "should fail", "length": 1, "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a", "fileUrl": "http://example.edu/a.txt"}]""", "$.attachments[0].contentType")]
    [InlineData("attachments", """[{"usageType": "http://example.edu/use", "display": {"en": "a"}, "contentType": "text/plain", "length": 1, "sha2": "should fail", "fileUrl": "http://example.edu/a.txt"}]""", "$.attachments[0].sha2")]
    [InlineData("attachments", """[{"usageType": "http://example.edu/use", "display": {"en": "a"}, "contentType": "text/plain", "length": 1, "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a", "fileUrl": "should fail"}]""", "$.attachments[0].fileUrl")]
    [InlineData("attachments", """[{"usageType": "http://example.edu/use", "contentType": "text/plain", "length": 1, "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a", "fileUrl": "http://example.edu/a.txt"}]""", "$.attachments[0].display")]
    [InlineData("attachments", """[{"usageType": "http://adlnet.gov/expapi/attachments/signature", "display": {"en": "a"}, "contentType": "text/plain", "length": 1, "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a", "fileUrl": "http://example.edu/a.jws"}]""", "$.attachments[0].contentType")]
    public async Task A_value_breaking_an_xAPI_rule_is_refused_at_its_path_and_nothing_is_stored(string path, string json, string errorAt)
    {
        var before = await host.Tool.StatementCountAsync();

        var response = await new LrsClient(host.Tool.CreateClient()).PostAsync(Changed(path, json));

        (await response.ShouldBeProblemAsync(XapiProblems.StatementInvalid)).ShouldNameErrorAt(errorAt);
        (await host.Tool.StatementCountAsync()).Should().Be(before);
    }

    [Theory]
    [InlineData("actor.name", "$.actor.name")]
    [InlineData("verb", "$.verb")]
    [InlineData("context", "$.context")]
    [InlineData("object", "$.object")]
    [InlineData("context.contextActivities.category[0]", "$.context.contextActivities.category[0]")]
    [InlineData("context.contextActivities.category", "$.context.contextActivities.category")]
    [InlineData("object.definition.name.en", "$.object.definition.name.en")]
    [InlineData("context.language", "$.context.language")]
    [InlineData("result", "$.result")]
    [InlineData("result.score", "$.result.score")]
    [InlineData("result.score.raw", "$.result.score.raw")]
    [InlineData("id", "$.id")]
    [InlineData("context.extensions", "$.context.extensions")]
    public async Task A_null_where_a_value_belongs_is_refused_at_its_path(string path, string errorAt)
    {
        var before = await host.Tool.StatementCountAsync();

        var response = await new LrsClient(host.Tool.CreateClient()).PostAsync(Statement().With(path, null));

        (await response.ShouldBeProblemAsync(XapiProblems.StatementInvalid)).ShouldNameErrorAt(errorAt);
        (await host.Tool.StatementCountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task A_null_inside_an_extension_is_stored_as_sent()
    {
        var statement = Statement().With("result.extensions", new JsonObject { ["http://example.edu/ext/nothing"] = null });

        var response = await new LrsClient(host.Tool.CreateClient()).PostAsync(statement);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void The_validator_names_a_null_in_a_context_activity_list_instead_of_throwing()
    {
        var statement = new Statement
        {
            Actor = Agent.ForAccount(Moodle, "7"),
            Verb = new Verb { Id = Verbs.Completed },
            Object = StatementTarget.ForActivity($"{Moodle}/course/view.php?id=2"),
            Context = new Context { ContextActivities = new ContextActivities { Parent = [null!], Other = [StatementTarget.ForActivity(Moodle), null!] } },
            Attachments = [null!],
        };

        var errors = StatementValidator.Validate([statement]);

        errors.Keys.Should().Contain(["$.context.contextActivities.parent[0]", "$.context.contextActivities.other[1]", "$.attachments[0]"]);
    }

    [Theory]
    [InlineData("actor", "\"agent\"", "$.actor")]
    [InlineData("verb.display", "\"attended\"", "$.verb.display")]
    [InlineData("result", """{"success": "true"}""", "$.result.success")]
    [InlineData("result", """{"score": {"raw": "10"}}""", "$.result.score.raw")]
    [InlineData("result", """{"extensions": "none"}""", "$.result.extensions")]
    [InlineData("Actor", """{"mbox": "mailto:ada@example.edu"}""", "$.Actor")]
    [InlineData("object.definition.Name", """{"en": "Course"}""", "$.object.definition.Name")]
    [InlineData("context.registration", "\"{aa97b177-9383-4934-8543-0f91a7a02836}\"", "$.context.registration")]
    [InlineData("id", "\"AA97B177-9383-4934-8543-0F91A7A028368\"", "$.id")]
    [InlineData("id", "12345", "$.id")]
    [InlineData("attachments", """[{"usageType": "http://example.edu/use", "display": {"en": "a"}, "contentType": "text/plain", "length": "27", "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a"}]""", "$.attachments[0].length")]
    [InlineData("object", """{"objectType": "SubStatement", "actor": {"mbox": "mailto:ada@example.edu"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"}, "object": {"id": "http://example.edu/a"}, "stored": "2026-11-25T10:15:30Z"}""", "$.object.stored")]
    [InlineData("context.contextActivities.category[0].definition.name", "[\"Course\"]", "$.context.contextActivities.category[0].definition.name")]
    public async Task A_shape_xAPI_does_not_define_is_refused_as_malformed_at_its_path(string path, string json, string errorAt)
    {
        var response = await new LrsClient(host.Tool.CreateClient()).PostAsync(Changed(path, json));

        (await response.ShouldBeProblemAsync(XapiProblems.BodyMalformed)).ShouldNameErrorAt(errorAt);
    }

    [Fact]
    public async Task A_property_sent_twice_is_refused()
    {
        var statement = Statement().ToJsonString();
        var twice = statement.Insert(1, "\"timestamp\": \"2026-11-25T10:15:30Z\", \"timestamp\": \"2026-11-25T10:15:31Z\", ");

        var response = await new LrsClient(host.Tool.CreateClient()).PostRawAsync(twice);

        await response.ShouldBeProblemAsync(XapiProblems.BodyMalformed);
    }

    [Fact]
    public async Task In_a_batch_each_error_names_its_statement()
    {
        var second = Statement().With("result.duration", "PT5");

        var response = await new LrsClient(host.Tool.CreateClient()).PostAsync(Statement(), second, Statement().With("verb.id", "passed"));

        (await response.ShouldBeProblemAsync(XapiProblems.StatementInvalid)).ShouldNameErrorAt("$[1].result.duration").ShouldNameErrorAt("$[2].verb.id");
    }

    [Fact]
    public async Task Context_agents_and_groups_are_accepted_from_xAPI_2_requests()
    {
        var statement = Statement().With("context.contextAgents", JsonNode.Parse("""
            [{"objectType": "contextAgent", "agent": {"mbox": "mailto:coach@example.edu"}, "relevantTypes": ["https://example.edu/types/coach"]}]
            """)).With("context.contextGroups", JsonNode.Parse("""
            [{"objectType": "contextGroup", "group": {"objectType": "Group", "member": [{"mbox": "mailto:a@example.edu"}]}}]
            """));

        var response = await new LrsClient(host.Tool.CreateClient(), version: "2.0.0").PostAsync(statement);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""[{"objectType": "Should fail", "agent": {"mbox": "mailto:a@example.edu"}}]""", "$.context.contextAgents[0].objectType")]
    [InlineData("""[{"objectType": "contextAgent"}]""", "$.context.contextAgents[0].agent")]
    [InlineData("""[{"objectType": "contextAgent", "agent": {"objectType": "Group", "member": [{"mbox": "mailto:a@example.edu"}]}}]""", "$.context.contextAgents[0].agent.objectType")]
    [InlineData("""[{"objectType": "contextAgent", "agent": {"mbox": "mailto:a@example.edu"}, "relevantTypes": []}]""", "$.context.contextAgents[0].relevantTypes")]
    [InlineData("""[{"objectType": "contextAgent", "agent": {"mbox": "mailto:a@example.edu"}, "relevantTypes": ["abc"]}]""", "$.context.contextAgents[0].relevantTypes[0]")]
    public async Task Context_agents_that_break_xAPI_2_rules_are_refused(string contextAgents, string errorAt)
    {
        var statement = Statement().With("context.contextAgents", JsonNode.Parse(contextAgents));

        var response = await new LrsClient(host.Tool.CreateClient(), version: "2.0.0").PostAsync(statement);

        (await response.ShouldBeProblemAsync(XapiProblems.StatementInvalid)).ShouldNameErrorAt(errorAt);
    }

    [Fact]
    public async Task Context_groups_hold_groups()
    {
        var statement = Statement().With("context.contextGroups", JsonNode.Parse("""
            [{"objectType": "contextGroup", "group": {"mbox": "mailto:a@example.edu"}}]
            """));

        var response = await new LrsClient(host.Tool.CreateClient(), version: "2.0.0").PostAsync(statement);

        (await response.ShouldBeProblemAsync(XapiProblems.StatementInvalid)).ShouldNameErrorAt("$.context.contextGroups[0].group.objectType");
    }

    [Theory]
    [InlineData("1.0.3", null, "1.0.0")]
    [InlineData("2.0.0", null, "2.0.0")]
    [InlineData("2.0.0", "2.0.0", "2.0.0")]
    [InlineData("2.0.0", "1.0.3", "1.0.3")]
    public async Task A_statement_keeps_its_version_or_gets_the_one_of_its_request(string requestVersion, string? sent, string expected)
    {
        var http = host.Tool.CreateClient();
        var statement = Statement();
        if (sent is not null) statement["version"] = sent;

        (await new LrsClient(http, version: requestVersion).PostAsync(statement)).StatusCode.Should().Be(HttpStatusCode.OK);

        var stored = JsonNode.Parse(await http.GetStringAsync($"/xapi/statements?statementId={statement["id"]}"))!;
        stored["version"]!.GetValue<string>().Should().Be(expected);
    }

    [Theory]
    [InlineData("""{"interactionType": "true-false", "correctResponsesPattern": ["true"]}""")]
    [InlineData("""{"interactionType": "choice", "choices": [{"id": "a", "description": {"en-US": "A"}}, {"id": "b"}], "correctResponsesPattern": ["a[,]b"]}""")]
    [InlineData("""{"interactionType": "sequencing", "choices": [{"id": "a"}, {"id": "b"}]}""")]
    [InlineData("""{"interactionType": "likert", "scale": [{"id": "1", "description": {"sr-Latn-RS": "jedan"}}]}""")]
    [InlineData("""{"interactionType": "matching", "source": [{"id": "s"}], "target": [{"id": "s"}], "correctResponsesPattern": ["s[.]s"]}""")]
    [InlineData("""{"interactionType": "performance", "steps": [{"id": "1"}], "correctResponsesPattern": ["1[.]3[:]5"]}""")]
    [InlineData("""{"interactionType": "numeric", "correctResponsesPattern": ["4[:]"]}""")]
    [InlineData("""{"interactionType": "other", "correctResponsesPattern": []}""")]
    public async Task Interaction_activities_with_the_component_lists_of_their_type_are_stored(string definition)
    {
        var response = await new LrsClient(host.Tool.CreateClient()).PostAsync(Statement().With("object.definition", JsonNode.Parse(definition)));

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""{"mbox": "mailto:lrs-admin@example.edu"}""")]
    [InlineData("""{"objectType": "Group", "member": [{"account": {"homePage": "http://example.com/xAPI/OAuth/Token", "name": "oauth_consumer_x75db"}}, {"mbox": "mailto:bob@example.com"}]}""")]
    public async Task An_authority_that_is_an_agent_or_an_OAuth_pair_is_accepted_and_replaced_by_the_client(string authority)
    {
        var http = host.Tool.CreateClient();
        var statement = Statement().With("authority", JsonNode.Parse(authority));

        (await new LrsClient(http).PostAsync(statement)).StatusCode.Should().Be(HttpStatusCode.OK);

        var stored = JsonNode.Parse(await http.GetStringAsync($"/xapi/statements?statementId={statement["id"]}"))!;
        stored["authority"]!["account"]!["name"]!.GetValue<string>().Should().Be(ToolHost.LrsKey);
    }

    [Fact]
    public async Task A_put_whose_statementId_parameter_is_miscased_is_refused()
    {
        var http = host.Tool.CreateClient().WithLrsHeaders();
        var statement = Statement();

        var response = await http.PutAsync($"/xapi/statements?StatementId={statement["id"]}", LrsClient.JsonContent(statement.ToJsonString()));

        // Every method of the Statement Resource refuses a parameter name it does not take, in any case, before reading the body.
        await response.ShouldBeProblemAsync(XapiProblems.ParameterUnknown);
    }

    [Fact]
    public async Task A_put_with_a_braced_statementId_is_refused()
    {
        var http = host.Tool.CreateClient().WithLrsHeaders();

        var response = await http.PutAsync($"/xapi/statements?statementId={{{Uuid}}}", LrsClient.JsonContent(Statement().Without("id").ToJsonString()));

        await response.ShouldBeProblemAsync(XapiProblems.ParameterInvalid);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"statement\"")]
    [InlineData("[null]")]
    [InlineData("[1, 2]")]
    [InlineData("null")]
    public async Task A_body_that_is_not_statements_is_malformed(string body)
    {
        var response = await new LrsClient(host.Tool.CreateClient()).PostRawAsync(body);

        await response.ShouldBeProblemAsync(XapiProblems.BodyMalformed);
    }
}
