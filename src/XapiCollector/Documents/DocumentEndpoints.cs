using System.Globalization;
using MicroCredLti.XapiCollector.Activities;
using MicroCredLti.XapiCollector.Agents;
using MicroCredLti.XapiCollector.Credentials;
using MicroCredLti.XapiCollector.Learners;
using MicroCredLti.XapiCollector.Statements;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace MicroCredLti.XapiCollector.Documents;

/// <summary>
/// The State, Activity Profile and Agent Profile resources (xAPI 1.0.3 Part Three 2.3, 2.6, 2.7; IEEE 9274.1.1
/// 4.1.6.2, 4.1.6.5, 4.1.6.6): one document by its id, or the ids of a set of documents.
/// </summary>
internal static class DocumentEndpoints
{
    public static IEndpointRouteBuilder MapDocumentResources(this IEndpointRouteBuilder resources)
    {
        foreach (var resource in DocumentResource.All)
        {
            var (read, write) = (XapiCollectorExtensions.ReadPolicy(resource.Scope), XapiCollectorExtensions.ScopePolicy(resource.Scope));
            resources.MapMethods(resource.Path, [HttpMethods.Get, HttpMethods.Head],
                (HttpRequest request, DocumentStore store, CancellationToken cancellationToken) => GetAsync(resource, request, store, cancellationToken))
                .RequireAuthorization(read);
            resources.MapPut(resource.Path,
                (HttpRequest request, DocumentStore store, CancellationToken cancellationToken) => PutAsync(resource, request, store, cancellationToken))
                .RequireAuthorization(write);
            resources.MapPost(resource.Path,
                (HttpRequest request, DocumentStore store, CancellationToken cancellationToken) => PostAsync(resource, request, store, cancellationToken))
                .RequireAuthorization(write);
            resources.MapDelete(resource.Path,
                (HttpRequest request, DocumentStore store, CancellationToken cancellationToken) => DeleteAsync(resource, request, store, cancellationToken))
                .RequireAuthorization(write);
        }
        return resources;
    }

    private static async Task<IResult> GetAsync(DocumentResource resource, HttpRequest request, DocumentStore store, CancellationToken cancellationToken)
    {
        var (target, problem) = resource.Read(request, DocumentIdIs.Optional, takesSince: true);
        if (problem is not null) return problem;

        if (target!.DocumentId is { } documentId)
        {
            var document = await store.FindAsync(target.Set.Document(documentId), cancellationToken);
            if (document is null) return DocumentProblems.NotFound.Result($"No {resource.Name} document '{documentId}' is stored here.");
            // Served as stored; the result answers HEAD without the body and honours conditional GETs.
            return TypedResults.Bytes(document.Content, document.ContentType,
                lastModified: new DateTimeOffset(DateTime.SpecifyKind(document.Updated, DateTimeKind.Utc)),
                entityTag: new EntityTagHeaderValue($"\"{document.Etag}\""));
        }

        var documents = await store.ListAsync(target.Set, target.Since, cancellationToken);
        if (documents.Count > 0)
            request.HttpContext.Response.GetTypedHeaders().LastModified = documents.Max(d => d.Updated);
        return TypedResults.Ok(documents.Select(d => d.Id).ToList());
    }

    private static async Task<IResult> PutAsync(DocumentResource resource, HttpRequest request, DocumentStore store, CancellationToken cancellationToken)
    {
        var (target, problem) = resource.Read(request, DocumentIdIs.Required, takesSince: false);
        if (problem is not null) return problem;
        var (sent, bodyProblem) = await ReadBodyAsync(request, cancellationToken);
        if (bodyProblem is not null) return bodyProblem;
        var outcome = await store.PutAsync(target!.Set.Document(target.DocumentId!), sent!, Preconditions.From(request.Headers),
            resource.UnconditionalPut(XapiVersion2(request)), cancellationToken);
        return Answer(outcome, resource, target.DocumentId!);
    }

    private static async Task<IResult> PostAsync(DocumentResource resource, HttpRequest request, DocumentStore store, CancellationToken cancellationToken)
    {
        var (target, problem) = resource.Read(request, DocumentIdIs.Required, takesSince: false);
        if (problem is not null) return problem;
        var (sent, bodyProblem) = await ReadBodyAsync(request, cancellationToken);
        if (bodyProblem is not null) return bodyProblem;
        var outcome = await store.PostAsync(target!.Set.Document(target.DocumentId!), sent!, Preconditions.From(request.Headers), cancellationToken);
        return Answer(outcome, resource, target.DocumentId!);
    }

    private static async Task<IResult> DeleteAsync(DocumentResource resource, HttpRequest request, DocumentStore store, CancellationToken cancellationToken)
    {
        // Only the State resource deletes a whole set; the profile resources delete one document at a time.
        var (target, problem) = resource.Read(request, resource.Kind == DocumentKind.State ? DocumentIdIs.Optional : DocumentIdIs.Required,
            takesSince: false);
        if (problem is not null) return problem;
        if (target!.DocumentId is not { } documentId)
        {
            await store.DeleteAllAsync(target.Set, cancellationToken);
            return TypedResults.NoContent();
        }
        return Answer(await store.DeleteAsync(target.Set.Document(documentId), Preconditions.From(request.Headers), cancellationToken),
            resource, documentId);
    }

    private static IResult Answer(WriteOutcome outcome, DocumentResource resource, string documentId) => outcome switch
    {
        WriteOutcome.Done => TypedResults.NoContent(),
        WriteOutcome.PreconditionFailed => DocumentProblems.PreconditionFailed.Result(
            $"The {resource.Name} document '{documentId}' does not match If-Match or If-None-Match; nothing was changed."),
        WriteOutcome.Conflict => DocumentProblems.Conflict.Result(
            $"The {resource.Name} document '{documentId}' exists. Send If-Match with its ETag to replace it, or POST to merge into it; nothing was changed."),
        WriteOutcome.PreconditionRequired => DocumentProblems.PreconditionRequired.Result(
            $"Send If-None-Match: * to create the {resource.Name} document '{documentId}', or If-Match with an ETag to replace one."),
        WriteOutcome.NotMergeable => DocumentProblems.NotMergeable.Result(
            $"The {resource.Name} document '{documentId}' and the document sent must both be application/json objects to merge; nothing was changed."),
        WriteOutcome.BodyInvalid => DocumentProblems.BodyInvalid.Result(
            "The body was sent as application/json but is not JSON (a POST must send a JSON object); nothing was changed."),
        WriteOutcome.Contended => DocumentProblems.Contended.Result(
            $"The {resource.Name} document '{documentId}' was changed by other requests each time this one tried to write it; nothing was changed."),
        _ => throw new InvalidOperationException($"Unexpected outcome {outcome}."),
    };

    private static async Task<(SentDocument?, ProblemHttpResult?)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var contentType = string.IsNullOrWhiteSpace(request.ContentType) ? "application/octet-stream" : request.ContentType;
        if (contentType.Length > DocumentLimits.ContentType)
            return (null, DocumentProblems.ParameterInvalid.Result($"The Content-Type is longer than {DocumentLimits.ContentType} characters."));
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return (new SentDocument(buffer.ToArray(), contentType), null);
    }

    private static bool XapiVersion2(HttpRequest request) =>
        request.Headers[XapiVersionFilter.Header].ToString().StartsWith("2.0", StringComparison.Ordinal);
}

internal enum DocumentIdIs
{
    Required,
    Optional,
}

/// <summary>What a request to a document resource names: a set, and maybe one document of it or a time to list from.</summary>
internal sealed record DocumentTarget(DocumentSet Set, string? DocumentId, DateTime? Since);

/// <summary>One of the three document resources: its path, the parameters it takes, and its concurrency rules.</summary>
internal sealed record DocumentResource(DocumentKind Kind, string Path, string Name, string DocumentIdName, bool TakesActivity, bool TakesAgent)
{
    /// <summary>The xAPI scope that grants access: <c>state</c> for State documents, <c>profile</c> for the profiles.</summary>
    public string Scope => Kind == DocumentKind.State ? LrsScopes.State : LrsScopes.Profile;

    public static readonly IReadOnlyList<DocumentResource> All =
    [
        new(DocumentKind.State, "/activities/state", "state", "stateId", TakesActivity: true, TakesAgent: true),
        new(DocumentKind.ActivityProfile, "/activities/profile", "activity profile", "profileId", TakesActivity: true, TakesAgent: false),
        new(DocumentKind.AgentProfile, "/agents/profile", "agent profile", "profileId", TakesActivity: false, TakesAgent: true),
    ];

    /// <summary>
    /// xAPI 1.0.3 makes the profile resources' writes conditional: a PUT without If-Match or If-None-Match may not replace a
    /// profile (Part Three 3.1, 409), nor, as the conformance suite reads it (XAPI-00273, XAPI-00287), create one (400).
    /// IEEE 9274.1.1 (4.1.4) extends the 409 to State documents and drops the 400.
    /// </summary>
    public UnconditionalPut UnconditionalPut(bool version2) => Kind == DocumentKind.State
        ? new UnconditionalPut(MayReplace: !version2, MayCreate: true)
        : new UnconditionalPut(MayReplace: false, MayCreate: version2);

    /// <summary>Reads and checks the query parameters (xAPI 1.0.3 Part Three 2.3, 2.6, 2.7): anything else is refused.</summary>
    public (DocumentTarget?, ProblemHttpResult?) Read(HttpRequest request, DocumentIdIs documentId, bool takesSince)
    {
        var query = request.Query;
        foreach (var (name, values) in query)
        {
            if (!Takes(name, takesSince))
                return (null, DocumentProblems.ParameterInvalid.Result($"The {Name} resource does not take a '{name}' parameter here."));
            if (values.Count > 1)
                return (null, DocumentProblems.ParameterInvalid.Result($"The '{name}' parameter is given more than once."));
        }

        string? activityId = null;
        if (TakesActivity)
        {
            (activityId, var error) = ActivityIdParameter.Parse(query["activityId"]);
            if (error is not null) return (null, DocumentProblems.ActivityParameterInvalid.Result(error));
        }

        string? agent = null;
        if (TakesAgent)
        {
            var (parsed, error) = AgentParameter.Parse(query["agent"], allowGroup: true);
            if (error is not null) return (null, DocumentProblems.AgentParameterInvalid.Result(error));
            agent = AgentIdentifier.Of(parsed!);
            if (agent!.Length > DocumentLimits.Agent)
                return (null, DocumentProblems.AgentParameterInvalid.Result($"The agent's identifier is longer than {DocumentLimits.Agent} characters."));
        }

        Guid? registration = null;
        if (query["registration"].ToString() is { Length: > 0 } registrationText)
        {
            if (!Guid.TryParse(registrationText, out var parsed))
                return (null, DocumentProblems.ParameterInvalid.Result("The registration parameter must be a UUID."));
            registration = parsed;
        }

        var id = query[DocumentIdName].ToString();
        if (id.Length == 0 && (documentId == DocumentIdIs.Required || query.ContainsKey(DocumentIdName)))
            return (null, DocumentProblems.ParameterInvalid.Result($"The {DocumentIdName} parameter is required."));
        if (id.Length > DocumentLimits.DocumentId)
            return (null, DocumentProblems.ParameterInvalid.Result($"The {DocumentIdName} parameter is longer than {DocumentLimits.DocumentId} characters."));

        DateTime? since = null;
        if (query.ContainsKey("since"))
        {
            if (!DateTimeOffset.TryParse(query["since"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                return (null, DocumentProblems.ParameterInvalid.Result("The since parameter must be an ISO 8601 timestamp."));
            since = parsed.UtcDateTime;
        }

        return (new DocumentTarget(new DocumentSet(Kind, activityId, agent, registration), id.Length > 0 ? id : null, since), null);
    }

    private bool Takes(string name, bool takesSince) => name switch
    {
        "activityId" => TakesActivity,
        "agent" => TakesAgent,
        "registration" => Kind == DocumentKind.State,
        "since" => takesSince,
        _ => name == DocumentIdName,
    };
}
