using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredLti.XapiCollector.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace MicroCredLti.XapiCollector.Documents;

/// <summary>What a document write came to; the endpoints turn each into its HTTP answer.</summary>
internal enum WriteOutcome
{
    Done,

    /// <summary>If-Match or If-None-Match did not hold (412).</summary>
    PreconditionFailed,

    /// <summary>A PUT without either header would replace a document whose changes must be conditional (409).</summary>
    Conflict,

    /// <summary>A PUT without either header would create a document whose writes must be conditional (400).</summary>
    PreconditionRequired,

    /// <summary>A POST would merge where the stored or the sent document is not a JSON object (400).</summary>
    NotMergeable,

    /// <summary>The body says it is application/json but is not JSON (for a POST: not a JSON object).</summary>
    BodyInvalid,

    /// <summary>Other writers changed the document each time this one was about to (409).</summary>
    Contended,
}

/// <summary>When a PUT that carries neither If-Match nor If-None-Match is refused (xAPI 1.0.3 Part Three 3.1).</summary>
internal sealed record UnconditionalPut(bool MayReplace, bool MayCreate)
{
    public static readonly UnconditionalPut Allowed = new(true, true);
}

/// <summary>A document sent by a client: its bytes as they came and the content type they came with.</summary>
internal sealed record SentDocument(byte[] Content, string ContentType)
{
    public bool IsJson => DocumentStore.IsJson(ContentType);
}

/// <summary>
/// Stores and serves the State, Activity Profile and Agent Profile documents (xAPI 1.0.3 Part Three 2.2). Every change is
/// conditional on the entity tag the decision was taken on, so two writers cannot both succeed on the same version: the
/// loser's request is decided again against what the winner wrote, preconditions included.
/// </summary>
internal sealed class DocumentStore(XapiDbContext db, TimeProvider clock, ILogger<DocumentStore> log)
{
    // Each round of a race has a winner, so this many writers to one document at once all get through.
    private const int MaxAttempts = 10;

    private static readonly JsonSerializerOptions MergedJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public Task<StoredDocument?> FindAsync(DocumentAddress address, CancellationToken cancellationToken) =>
        db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Key == address.Key, cancellationToken);

    /// <summary>The ids (and when each changed last) of the set's documents changed after <paramref name="since"/>.</summary>
    public async Task<IReadOnlyList<(string Id, DateTime Updated)>> ListAsync(DocumentSet set, DateTime? since, CancellationToken cancellationToken)
    {
        var query = InSet(set);
        if (since is { } after) query = query.Where(d => d.Updated > after);
        var rows = await query.OrderBy(d => d.DocumentId).Select(d => new { d.DocumentId, d.Updated }).ToListAsync(cancellationToken);
        return rows.Select(r => (r.DocumentId, DateTime.SpecifyKind(r.Updated, DateTimeKind.Utc))).ToList();
    }

    /// <summary>Stores <paramref name="sent"/> in place of whatever the address holds.</summary>
    public Task<WriteOutcome> PutAsync(DocumentAddress address, SentDocument sent, Preconditions preconditions, UnconditionalPut unconditional,
        CancellationToken cancellationToken)
    {
        if (sent.IsJson && !IsWellFormedJson(sent.Content)) return Task.FromResult(WriteOutcome.BodyInvalid);
        return WriteAsync(address, preconditions, existing =>
        {
            if (!preconditions.Any && existing is not null && !unconditional.MayReplace) return (WriteOutcome.Conflict, null);
            if (!preconditions.Any && existing is null && !unconditional.MayCreate) return (WriteOutcome.PreconditionRequired, null);
            return (WriteOutcome.Done, sent);
        }, cancellationToken);
    }

    /// <summary>
    /// Merges <paramref name="sent"/> into the stored document: both must be JSON objects, and the sent object's top-level
    /// properties replace the stored ones (xAPI 1.0.3 Part Three 2.2, "JSON Procedure with Requirements"). A document
    /// not yet stored is stored as sent.
    /// </summary>
    public Task<WriteOutcome> PostAsync(DocumentAddress address, SentDocument sent, Preconditions preconditions, CancellationToken cancellationToken)
    {
        var sentObject = sent.IsJson ? ParseObject(sent.Content) : null;
        if (sent.IsJson && sentObject is null) return Task.FromResult(WriteOutcome.BodyInvalid);
        return WriteAsync(address, preconditions, existing =>
        {
            if (existing is null) return (WriteOutcome.Done, sent);
            if (sentObject is null || !IsJson(existing.ContentType) || ParseObject(existing.Content) is not { } stored)
                return (WriteOutcome.NotMergeable, null);
            foreach (var (name, value) in sentObject) stored[name] = value?.DeepClone();
            return (WriteOutcome.Done, new SentDocument(JsonSerializer.SerializeToUtf8Bytes(stored, MergedJson), "application/json"));
        }, cancellationToken);
    }

    /// <summary>Removes one document; removing one that is not there is done as well, unless If-Match asked for it.</summary>
    public async Task<WriteOutcome> DeleteAsync(DocumentAddress address, Preconditions preconditions, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await db.Documents.SingleOrDefaultAsync(d => d.Key == address.Key, cancellationToken);
            if (!preconditions.HoldFor(existing?.Etag)) return WriteOutcome.PreconditionFailed;
            if (existing is null) return WriteOutcome.Done;
            db.Documents.Remove(existing);
            if (await TrySaveAsync(address, attempt, cancellationToken) is { } outcome) return outcome;
        }
    }

    /// <summary>Removes every document of the set (State without a stateId, xAPI 1.0.3 Part Three 2.3).</summary>
    public Task DeleteAllAsync(DocumentSet set, CancellationToken cancellationToken) => InSet(set).ExecuteDeleteAsync(cancellationToken);

    /// <summary>
    /// Reads the document, lets <paramref name="decide"/> say what to store given what is there, and stores it on
    /// condition that it is still what was read; if another writer came first, decides again.
    /// </summary>
    private async Task<WriteOutcome> WriteAsync(DocumentAddress address, Preconditions preconditions,
        Func<StoredDocument?, (WriteOutcome Outcome, SentDocument? Store)> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await db.Documents.SingleOrDefaultAsync(d => d.Key == address.Key, cancellationToken);
            if (!preconditions.HoldFor(existing?.Etag)) return WriteOutcome.PreconditionFailed;
            var (outcome, store) = decide(existing);
            if (store is null) return outcome;

            var document = existing ?? db.Documents.Add(NewDocument(address)).Entity;
            document.Content = store.Content;
            document.ContentType = store.ContentType;
            document.Etag = StoredDocument.EtagOf(store.Content);
            document.Updated = clock.GetUtcNow().UtcDateTime;
            if (await TrySaveAsync(address, attempt, cancellationToken) is { } saved) return saved;
        }
    }

    /// <summary>
    /// Saves, or on failure (another request created, changed or removed the document after it was read) says to try
    /// again by returning null, after a short random pause so that racing writers spread out.
    /// </summary>
    private async Task<WriteOutcome?> TrySaveAsync(DocumentAddress address, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return WriteOutcome.Done;
        }
        catch (DbUpdateException e)
        {
            db.ChangeTracker.Clear();
            if (attempt < MaxAttempts)
            {
                // Real time, not the clock: a test's frozen clock would hold the retry forever.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), cancellationToken);
                return null;
            }
            log.LogWarning(e, "The {Kind} document {DocumentId} was changed by others on each of {Attempts} attempts to write it",
                address.Set.Kind, address.DocumentId, attempt);
            return WriteOutcome.Contended;
        }
    }

    private static StoredDocument NewDocument(DocumentAddress address) => new()
    {
        Key = address.Key,
        Owner = address.Set.Owner,
        Kind = address.Set.Kind,
        ActivityId = address.Set.ActivityId,
        Agent = address.Set.Agent,
        Registration = address.Set.Registration,
        DocumentId = address.DocumentId,
        ContentType = "",
        Content = [],
        Etag = "",
    };

    private IQueryable<StoredDocument> InSet(DocumentSet set)
    {
        var owner = set.Owner;
        var query = db.Documents.Where(d => d.Owner == owner);
        if (set.Registration is { } registration) query = query.Where(d => d.Registration == registration);
        return query;
    }

    /// <summary>Whether a content type is application/json, whatever its parameters (charset).</summary>
    public static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static JsonObject? ParseObject(byte[] content)
    {
        try
        {
            var parsed = JsonNode.Parse(content) as JsonObject;
            _ = parsed?.Count; // a repeated property name surfaces here, as an ArgumentException
            return parsed;
        }
        catch (Exception e) when (e is JsonException or ArgumentException) { return null; }
    }

    private static bool IsWellFormedJson(byte[] content)
    {
        try
        {
            using var _ = JsonDocument.Parse(content);
            return true;
        }
        catch (JsonException) { return false; }
    }
}
