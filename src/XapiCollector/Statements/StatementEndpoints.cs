using System.Security.Claims;
using System.Text;
using System.Text.Json;
using MicroCredLti.XapiCollector.Attachments;
using MicroCredLti.XapiCollector.Credentials;
using System.Text.Json.Nodes;
using MicroCredLti.XapiCollector.Model;
using MicroCredLti.XapiCollector.Repairs;
using MicroCredLti.XapiCollector.Signatures;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MicroCredLti.XapiCollector.Statements;

/// <summary>The Statement Resource (xAPI 1.0.3 Part Three, 2.1).</summary>
internal static class StatementEndpoints
{
    public static async Task<Results<Ok<IReadOnlyList<Guid>>, ValidationProblem, ProblemHttpResult>> PostAsync(
        HttpRequest request, StatementStore store, IOptions<XapiCollectorOptions> options, ClaimsPrincipal client,
        CancellationToken cancellationToken)
    {
        // Part Three 2.1.2: POST takes no parameters (Part Three 3.2: an unknown one is refused).
        if (request.Query.Count > 0)
            return XapiProblems.ParameterInvalid.Result($"POST /statements takes no parameters; '{request.Query.Keys.First()}' was sent.");
        var (batch, refusal) = await ReadBatchAsync(request, options.Value, setId: null, RepairsOf(client), cancellationToken);
        if (refusal is not null) return Refuse<Ok<IReadOnlyList<Guid>>>(refusal);
        return await store.RecordAsync(batch!, AuthorityOf(client, request), cancellationToken) switch
        {
            StoreOutcome.Stored stored => TypedResults.Ok(stored.Ids),
            StoreOutcome.Invalid invalid => XapiProblems.StatementInvalid.ValidationResult(invalid.Errors, "Nothing in this request was stored."),
            StoreOutcome.Conflict conflict => ConflictWith(conflict.StatementId),
            _ => throw new InvalidOperationException(),
        };
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> PutAsync(
        HttpRequest request, StatementStore store, IOptions<XapiCollectorOptions> options, ClaimsPrincipal client,
        CancellationToken cancellationToken)
    {
        // Part Three 2.1.1: statementId is PUT's one parameter, named with this case (3.2.s3.b8).
        if (request.Query.Keys.FirstOrDefault(k => k != "statementId") is { } unknown)
            return XapiProblems.ParameterInvalid.Result($"PUT /statements takes only statementId; '{unknown}' was sent.");
        if (!XapiFormats.IsUuid(request.Query["statementId"].ToString()))
            return XapiProblems.ParameterInvalid.Result("The statementId parameter is required and must be a UUID.");
        var id = Guid.Parse(request.Query["statementId"].ToString());
        var (batch, refusal) = await ReadBatchAsync(request, options.Value, setId: id, RepairsOf(client), cancellationToken);
        if (refusal is not null) return Refuse<NoContent>(refusal);
        return await store.RecordAsync(batch!, AuthorityOf(client, request), cancellationToken) switch
        {
            StoreOutcome.Stored => TypedResults.NoContent(),
            StoreOutcome.Invalid invalid => XapiProblems.StatementInvalid.ValidationResult(invalid.Errors, "The statement was not stored."),
            StoreOutcome.Conflict conflict => ConflictWith(conflict.StatementId),
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>
    /// GET and HEAD: one statement by statementId or voidedStatementId, or a StatementResult page of the statements
    /// that meet the filters (2.1.3). HEAD answers with the same status and headers and no body (1.1).
    /// </summary>
    public static async Task<IResult> GetAsync(HttpContext http, StatementQuery query, AttachmentStore attachmentStore, ClaimsPrincipal client,
        CancellationToken cancellationToken)
    {
        var (request, problem) = StatementParameters.ParseGet(http.Request.Query);
        if (problem is not null) return problem;
        var languages = http.Request.GetTypedHeaders().AcceptLanguage;
        // statements/read/mine: the statements whose authority is the one this client's writes get (Part Three 4.2).
        var mine = LrsScopes.Allows(client.FindAll(LrsScopes.Claim).Select(c => c.Value), LrsScopes.StatementsRead)
            ? null
            : AuthorityOf(client, http.Request);

        string body;
        IReadOnlyList<string> statements;
        DateTimeOffset? lastModified;
        if (request!.StatementId is { } id)
        {
            if (await query.FindAsync(id, request.Voided, mine, cancellationToken) is not { } found)
                return XapiProblems.StatementNotFound.Result($"No {(request.Voided ? "voided " : "")}statement {id} is stored.");
            body = StatementFormatter.Apply(found.Payload, request.Format, languages);
            statements = [body];
            lastModified = found.Stored;
        }
        else
        {
            var page = await query.ListAsync(request.Filter with { Authority = mine }, cancellationToken);
            var more = page.NextCursor is { } next ? MoreLink(http.Request, next) : "";
            statements = page.Payloads.Select(p => StatementFormatter.Apply(p, request.Format, languages)).ToList();
            body = StatementResultJson(statements, more);
            lastModified = page.LastStored;
        }

        // The newest "stored" in the answer (2.1.3: Last-Modified matches the statement's stored timestamp).
        if (lastModified is { } modified) http.Response.GetTypedHeaders().LastModified = modified;
        if (request.Attachments)
        {
            var held = await attachmentStore.FindAllAsync(MultipartStatementResult.Sha2s(statements), cancellationToken);
            var parts = MultipartStatementResult.Sha2s(statements).Select(h => h.ToLowerInvariant()).Distinct()
                .Select(h => held.GetValueOrDefault(h)).OfType<AttachmentContent>().ToList();
            return new MultipartStatementResult(body, parts);
        }
        if (HttpMethods.IsHead(http.Request.Method))
        {
            http.Response.ContentType = $"{JsonContentType}; charset=utf-8";
            http.Response.ContentLength = Encoding.UTF8.GetByteCount(body);
            return TypedResults.Ok();
        }
        return TypedResults.Text(body, JsonContentType, Encoding.UTF8);
    }

    /// <summary>
    /// Reads a PUT or POST body and checks it, in the order a client fixes things: the body's size and type, its JSON,
    /// the statements' rules for the request's xAPI version, then attachment parts and signatures. A PUT's single
    /// statement takes the id of its statementId parameter (<paramref name="setId"/>).
    /// </summary>
    private static async Task<(StatementBatch? Batch, IResult? Refusal)> ReadBatchAsync(HttpRequest request, XapiCollectorOptions options,
        Guid? setId, IReadOnlyList<string> repairs, CancellationToken cancellationToken)
    {
        const string nothingStored = "Nothing in this request was stored.";
        var (body, refusal) = await StatementRequestBody.ReadAsync(request, options.MaxRequestBytes, cancellationToken);
        if (refusal is not null) return (null, refusal);

        var json = StatementJson.Read(repairs.Count == 0 ? body!.Json : Repaired(body!.Json, repairs));
        if (json.Malformed.Count > 0)
            return (null, XapiProblems.BodyMalformed.ValidationResult(Merge(json.Malformed, json.Nulls), nothingStored));
        var statements = json.Statements;
        if (setId is { } id)
        {
            if (statements.Count != 1)
                return (null, XapiProblems.BodyMalformed.Result("PUT takes a single statement, not an array."));
            if (statements[0].Id is { } bodyId && bodyId != id)
                return (null, XapiProblems.StatementIdMismatch.Result("The statement's id differs from the statementId parameter."));
            statements[0].Id = id;
        }

        var version = XapiVersions.Of(request);
        var invalid = Merge(json.Nulls, StatementValidator.Validate(statements, version));
        if (invalid.Count > 0) return (null, XapiProblems.StatementInvalid.ValidationResult(invalid, nothingStored));

        var (attachments, mismatched) = AttachmentParts.Match(statements, body.Parts);
        if (mismatched.Count > 0) return (null, XapiProblems.AttachmentMismatch.ValidationResult(mismatched, nothingStored));

        var badSignatures = await StatementSignatures.VerifyAsync(statements, body.Parts, version);
        if (badSignatures.Count > 0) return (null, XapiProblems.SignatureInvalid.ValidationResult(badSignatures, nothingStored));

        return (new StatementBatch(statements, attachments, version), null);
    }

    private static IReadOnlyList<string> RepairsOf(ClaimsPrincipal client) =>
        client.FindAll(LrsBasicAuthentication.RepairClaim).Select(c => c.Value).ToList();

    /// <summary>The body with the client's emitter repairs applied; a body that is not JSON is left for the reader to refuse.</summary>
    private static byte[] Repaired(byte[] json, IReadOnlyList<string> repairs)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(json); }
        catch (JsonException) { return json; }
        return node is not null && EmitterRepairs.Apply(node, repairs) > 0 ? JsonSerializer.SerializeToUtf8Bytes(node, XapiJson.Options) : json;
    }

    /// <summary>A refusal of <see cref="ReadBatchAsync"/>: one of the two problem results the handlers declare.</summary>
    private static Results<TOk, ValidationProblem, ProblemHttpResult> Refuse<TOk>(IResult refusal) where TOk : IResult =>
        refusal is ValidationProblem validation ? validation : (ProblemHttpResult)refusal;

    private static Dictionary<string, string[]> Merge(IReadOnlyDictionary<string, string[]> first, IReadOnlyDictionary<string, string[]> second)
    {
        var merged = first.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        foreach (var (key, messages) in second)
            merged[key] = merged.TryGetValue(key, out var existing) ? [.. existing, .. messages] : messages;
        return merged;
    }

    private static Agent AuthorityOf(ClaimsPrincipal client, HttpRequest request) =>
        Agent.ForAccount($"{request.Scheme}://{request.Host}/xapi/clients", client.FindFirstValue(LrsBasicAuthentication.KeyClaim)!,
            client.Identity?.Name);

    private static string StatementResultJson(IEnumerable<string> statements, string more)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = XapiJson.Options.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("statements");
            foreach (var statement in statements) writer.WriteRawValue(statement, skipInputValidation: true);
            writer.WriteEndArray();
            writer.WriteString("more", more);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The same query from where this page ended: a relative IRL, as the StatementResult's "more" is (Part Two 2.5).</summary>
    private static string MoreLink(HttpRequest request, PageCursor cursor)
    {
        var query = request.Query.Where(p => p.Key != StatementParameters.Cursor)
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value.ToString())}")
            .Append($"{StatementParameters.Cursor}={cursor}");
        return $"{request.PathBase}{request.Path}?{string.Join('&', query)}";
    }

    private const string JsonContentType = "application/json";

    private static ProblemHttpResult ConflictWith(Guid id) =>
        XapiProblems.StatementConflict.Result($"A different statement with id {id} is already stored; nothing in this request was stored.");
}
