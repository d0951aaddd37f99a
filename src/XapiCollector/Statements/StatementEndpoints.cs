using System.Security.Claims;
using System.Text;
using System.Text.Json;
using MicroCredLti.XapiCollector.Credentials;
using System.Text.Json.Nodes;
using MicroCredLti.XapiCollector.Model;
using MicroCredLti.XapiCollector.Repairs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MicroCredLti.XapiCollector.Statements;

/// <summary>The Statement Resource (xAPI 1.0.3 Part Three, 2.1).</summary>
internal static class StatementEndpoints
{
    public static async Task<Results<Ok<IReadOnlyList<Guid>>, ValidationProblem, ProblemHttpResult>> PostAsync(
        HttpRequest request, IStatementRecorder recorder, ClaimsPrincipal client, CancellationToken cancellationToken)
    {
        var (statements, problem) = await ReadStatementsAsync(request, client, cancellationToken);
        if (problem is not null) return problem;
        return await recorder.RecordAsync(statements!, AuthorityOf(client, request), cancellationToken) switch
        {
            StoreOutcome.Stored stored => TypedResults.Ok(stored.Ids),
            StoreOutcome.Invalid invalid => XapiProblems.StatementInvalid.ValidationResult(invalid.Errors, "Nothing in this request was stored."),
            StoreOutcome.Conflict conflict => ConflictWith(conflict.StatementId),
            _ => throw new InvalidOperationException(),
        };
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> PutAsync(
        HttpRequest request, string? statementId, IStatementRecorder recorder, ClaimsPrincipal client, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(statementId, out var id))
            return XapiProblems.ParameterInvalid.Result("The statementId parameter is required and must be a UUID.");
        var (statements, problem) = await ReadStatementsAsync(request, client, cancellationToken);
        if (problem is not null) return problem;
        if (statements!.Count != 1)
            return XapiProblems.BodyMalformed.Result("PUT takes a single statement, not an array.");
        var statement = statements[0];
        if (statement.Id is { } bodyId && bodyId != id)
            return XapiProblems.StatementIdMismatch.Result("The statement's id differs from the statementId parameter.");
        statement.Id = id;
        return await recorder.RecordAsync(statements, AuthorityOf(client, request), cancellationToken) switch
        {
            StoreOutcome.Stored => TypedResults.NoContent(),
            StoreOutcome.Invalid invalid => XapiProblems.StatementInvalid.ValidationResult(invalid.Errors, "The statement was not stored."),
            StoreOutcome.Conflict conflict => ConflictWith(conflict.StatementId),
            _ => throw new InvalidOperationException(),
        };
    }

    public static async Task<IResult> GetAsync(HttpRequest request, StatementQuery query, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Every statement stored before now is in the answer: each batch commits whole before its POST returns.
        request.HttpContext.Response.Headers["X-Experience-API-Consistent-Through"] = clock.GetUtcNow().ToString("O");
        var parameters = request.Query;
        if (parameters.ContainsKey("statementId") || parameters.ContainsKey("voidedStatementId"))
            return await GetOneAsync(parameters, query, cancellationToken);

        Agent? agent = null;
        if (parameters["agent"].ToString() is { Length: > 0 } agentJson)
        {
            try { agent = JsonSerializer.Deserialize<Agent>(agentJson, XapiJson.Options); }
            catch (JsonException e) { return XapiProblems.ParameterInvalid.Result($"The agent parameter is not an xAPI Agent: {e.Message}"); }
        }
        Guid? registration = null;
        if (parameters["registration"].ToString() is { Length: > 0 } registrationText)
        {
            if (!Guid.TryParse(registrationText, out var parsed)) return XapiProblems.ParameterInvalid.Result("The registration parameter must be a UUID.");
            registration = parsed;
        }
        var limit = int.TryParse(parameters["limit"], out var l) ? l : StatementQuery.DefaultLimit;
        long? cursor = long.TryParse(parameters["from"], out var f) ? f : null;
        var ascending = string.Equals(parameters["ascending"], "true", StringComparison.OrdinalIgnoreCase);

        var page = await query.ListAsync(new StatementFilter(agent, NullIfEmpty(parameters["verb"]), NullIfEmpty(parameters["activity"]),
            registration, ascending, cursor, limit), cancellationToken);

        var more = page.NextCursor is { } next ? MoreLink(request, next) : "";
        return TypedResults.Text(StatementResultJson(page.Payloads, more), "application/json", Encoding.UTF8);
    }

    private static async Task<IResult> GetOneAsync(IQueryCollection parameters, StatementQuery query, CancellationToken cancellationToken)
    {
        var voided = parameters.ContainsKey("voidedStatementId");
        if (parameters.Count(p => p.Key is not ("format" or "attachments")) > 1)
            return XapiProblems.ParameterInvalid.Result("statementId and voidedStatementId cannot be combined with other parameters.");
        if (!Guid.TryParse(parameters[voided ? "voidedStatementId" : "statementId"], out var id))
            return XapiProblems.ParameterInvalid.Result("The statement id must be a UUID.");
        return await query.FindAsync(id, voided, cancellationToken) is { } payload
            ? TypedResults.Text(payload, "application/json", Encoding.UTF8)
            : XapiProblems.StatementNotFound.Result($"No statement {id} is stored.");
    }

    private static async Task<(List<Statement>? Statements, ProblemHttpResult? Problem)> ReadStatementsAsync(HttpRequest request, ClaimsPrincipal client,
        CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
            return (null, XapiProblems.ContentTypeUnsupported.Result($"The body was sent as '{request.ContentType}'."));
        try
        {
            var body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
            if (body is not null) EmitterRepairs.Apply(body, client.FindAll(LrsBasicAuthentication.RepairClaim).Select(c => c.Value).ToList());
            var statements = body switch
            {
                JsonArray array => array.Deserialize<List<Statement?>>(XapiJson.Options)!,
                JsonObject single => [single.Deserialize<Statement>(XapiJson.Options)],
                _ => null,
            };
            if (statements is null || statements.Count == 0 || statements.Any(s => s is null))
                return (null, XapiProblems.BodyMalformed.Result("The body must be a statement or a non-empty array of statements."));
            return (statements.Select(s => s!).ToList(), null);
        }
        catch (JsonException e)
        {
            return (null, XapiProblems.BodyMalformed.Result($"The body is not valid statement JSON: {e.Message}"));
        }
    }

    private static Agent AuthorityOf(ClaimsPrincipal client, HttpRequest request) =>
        Agent.ForAccount($"{request.Scheme}://{request.Host}/xapi/clients", client.FindFirstValue(LrsBasicAuthentication.KeyClaim)!,
            client.Identity?.Name);

    private static string StatementResultJson(IReadOnlyList<string> payloads, string more)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("statements");
            foreach (var payload in payloads) writer.WriteRawValue(payload, skipInputValidation: true);
            writer.WriteEndArray();
            writer.WriteString("more", more);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string MoreLink(HttpRequest request, long cursor)
    {
        var query = request.Query.Where(p => p.Key != "from")
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value.ToString())}")
            .Append($"from={cursor}");
        return $"{request.PathBase}{request.Path}?{string.Join('&', query)}";
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static ProblemHttpResult ConflictWith(Guid id) =>
        XapiProblems.StatementConflict.Result($"A different statement with id {id} is already stored; nothing in this request was stored.");
}
