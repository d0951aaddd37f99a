using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredLti.XapiCollector.Activities;
using MicroCredLti.XapiCollector.Attachments;
using MicroCredLti.XapiCollector.Learners;
using MicroCredLti.XapiCollector.Model;
using MicroCredLti.XapiCollector.Storage;
using MicroCredLti.ServiceDefaults.Storage;
using Microsoft.EntityFrameworkCore;

namespace MicroCredLti.XapiCollector.Statements;

public abstract record StoreOutcome
{
    public sealed record Stored(IReadOnlyList<Guid> Ids) : StoreOutcome;
    public sealed record Invalid(IDictionary<string, string[]> Errors) : StoreOutcome;
    public sealed record Conflict(Guid StatementId) : StoreOutcome;
}

/// <summary>Statements read from one request, checked for its xAPI version, and the content of their attachments.</summary>
internal sealed record StatementBatch(IReadOnlyList<Statement> Statements, IReadOnlyList<AttachmentContent> Attachments, XapiVersion Version);

/// <summary>Stores statements from any source: the LRS endpoints and, in process, the other modules.</summary>
public interface IStatementRecorder
{
    /// <summary>Stores the whole batch or nothing of it.</summary>
    Task<StoreOutcome> RecordAsync(IReadOnlyList<Statement> statements, Agent authority, CancellationToken cancellationToken = default);
}

internal sealed class StatementStore(XapiDbContext db, LearnerDirectory learners, ActivityDirectory activities, TimeProvider clock)
    : IStatementRecorder
{
    // Properties the LRS itself sets (xAPI 1.0.3 Part Two 2.4.8-2.4.10); a re-sent statement may differ in them.
    private static readonly string[] LrsAssignedProperties = ["stored", "authority", "version"];

    private readonly IStatementWriter writer = StatementWriter.For(db, clock);

    public async Task<StoreOutcome> RecordAsync(IReadOnlyList<Statement> statements, Agent authority, CancellationToken cancellationToken = default)
    {
        var errors = StatementValidator.Validate(statements);
        if (errors.Count > 0) return new StoreOutcome.Invalid(errors);
        return await RecordAsync(new StatementBatch(statements, [], XapiVersion.V1_0_3), authority, cancellationToken);
    }

    /// <summary>
    /// Stores a batch that has been validated for its request's xAPI version, with the content of its attachments, in
    /// one transaction: all of it or nothing.
    /// </summary>
    public async Task<StoreOutcome> RecordAsync(StatementBatch batch, Agent authority, CancellationToken cancellationToken = default)
    {
        // A statement re-sent without a timestamp matches the stored one whatever timestamp the LRS gave it.
        var sentWithoutTimestamp = batch.Statements.Where(s => s.Timestamp is null).ToHashSet();
        try
        {
            return await StoreAsync(batch, sentWithoutTimestamp, authority, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request stored one of these statement ids (or attachments) first; the second pass compares against its rows.
            db.ChangeTracker.Clear();
            return await StoreAsync(batch, sentWithoutTimestamp, authority, cancellationToken);
        }
    }

    private async Task<StoreOutcome> StoreAsync(StatementBatch batch, HashSet<Statement> sentWithoutTimestamp, Agent authority,
        CancellationToken cancellationToken)
    {
        var statements = batch.Statements;
        var ids = statements.Select(s => s.Id ??= Guid.NewGuid()).ToList();
        var identifiers = statements.Where(s => !s.Actor!.IsGroup).Select(s => AgentIdentifier.Of(s.Actor!)).OfType<string>().Distinct().ToList();
        var learnerIds = await learners.ResolveAsync(identifiers, cancellationToken);

        IReadOnlyList<Statement> fresh;
        await using (await SqliteWriteLock.AcquireAsync(db, cancellationToken))
        {
            var (conflict, written) = await WriteAsync(batch, sentWithoutTimestamp, authority, learnerIds, cancellationToken);
            if (conflict is not null) return conflict;
            fresh = written;
        }
        await activities.RecordAsync(fresh, cancellationToken);
        return new StoreOutcome.Stored(ids);
    }

    /// <summary>
    /// Inserts the batch's new statements and their index rows in one transaction (a query never sees one without the
    /// other), or nothing if a statement conflicts with one stored under its id. Returns the statements that were new.
    /// </summary>
    private async Task<(StoreOutcome.Conflict? Conflict, IReadOnlyList<Statement> Fresh)> WriteAsync(StatementBatch batch,
        HashSet<Statement> sentWithoutTimestamp, Agent authority, Dictionary<string, Guid> learnerIds, CancellationToken cancellationToken)
    {
        var statements = batch.Statements;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var stored = await writer.StoredTimeAsync(db, cancellationToken);
        var storedText = stored.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var rows = statements.Select(statement =>
        {
            statement.Stored = storedText;
            statement.Timestamp = sentWithoutTimestamp.Contains(statement) ? storedText : statement.Timestamp;
            statement.Authority = authority;
            statement.Version ??= batch.Version.DefaultStatementVersion();
            var row = ToRow(statement, stored);
            if (!statement.Actor!.IsGroup && AgentIdentifier.Of(statement.Actor) is { } identifier)
                row.LearnerId = learnerIds[identifier];
            StatementIndex.Link(row, statement);
            return row;
        }).ToList();

        var existing = await writer.InsertNewAsync(db, rows, cancellationToken);
        foreach (var statement in statements)
            if (existing.TryGetValue(statement.Id!.Value, out var payload) && !SameStatement(statement, sentWithoutTimestamp.Contains(statement), payload))
                return (new StoreOutcome.Conflict(statement.Id.Value), []);

        var fresh = statements.Where(s => !existing.ContainsKey(s.Id!.Value)).ToList();
        var freshRows = rows.Where(r => !existing.ContainsKey(r.StatementId)).ToList();
        await StatementIndex.LinkTargetsAsync(db, fresh, freshRows, cancellationToken);
        await VoidTargetsAsync(fresh, cancellationToken);
        await AddAttachmentsAsync(batch.Attachments, stored, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await StatementIndex.WriteAsync(db, freshRows, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (null, fresh);
    }

    /// <summary>
    /// A voiding statement marks its target voided, whether stored before or in the same batch (and so already inserted),
    /// unless the target is itself a voiding statement (2.4.4.3).
    /// </summary>
    private async Task VoidTargetsAsync(IReadOnlyList<Statement> statements, CancellationToken cancellationToken)
    {
        var targets = statements.Where(s => s.Verb!.Id == Verbs.Voided && s.Object!.ObjectType == "StatementRef")
            .Select(s => Guid.Parse(s.Object!.Id!)).Distinct().ToList();
        if (targets.Count == 0) return;
        await db.Statements.Where(s => targets.Contains(s.StatementId) && s.VerbId != Verbs.Voided)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Voided, true), cancellationToken);
    }

    /// <summary>Attachment content is stored once per SHA-2: a part already stored by an earlier request is not stored again.</summary>
    private async Task AddAttachmentsAsync(IReadOnlyList<AttachmentContent> attachments, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (attachments.Count == 0) return;
        var hashes = attachments.Select(a => a.Sha2).ToList();
        var present = await db.Attachments.Where(a => hashes.Contains(a.Sha2)).Select(a => a.Sha2).ToListAsync(cancellationToken);
        db.Attachments.AddRange(attachments.Where(a => !present.Contains(a.Sha2)).Select(a => new StoredAttachment
        {
            Sha2 = a.Sha2, ContentType = a.ContentType, Length = a.Content.LongLength, Content = a.Content, StoredAt = now,
        }));
    }

    private static StoredStatement ToRow(Statement statement, DateTimeOffset stored)
    {
        var target = statement.Object!;
        var isActivity = target.EffectiveObjectType == "Activity";
        return new StoredStatement
        {
            StatementId = statement.Id!.Value,
            VerbId = statement.Verb!.Id!,
            ActivityId = isActivity ? target.Id : null,
            Registration = statement.Context?.Registration,
            VerbActivityKey = isActivity ? StatementIndex.VerbActivityKey(statement.Verb.Id!, target.Id!) : null,
            Timestamp = DateTimeOffset.Parse(statement.Timestamp!, CultureInfo.InvariantCulture).ToUniversalTime(),
            Stored = stored,
            Payload = JsonSerializer.Serialize(statement, XapiJson.Options),
        };
    }

    /// <summary>Whether a statement re-sent under a stored id is the stored one, but for what the LRS itself set.</summary>
    private static bool SameStatement(Statement sent, bool sentWithoutTimestamp, string storedPayload)
    {
        var (resent, stored) = (JsonSerializer.SerializeToNode(sent, XapiJson.Options)!.AsObject(), JsonNode.Parse(storedPayload)!.AsObject());
        foreach (var name in LrsAssignedProperties) { stored.Remove(name); resent.Remove(name); }
        if (sentWithoutTimestamp) { stored.Remove("timestamp"); resent.Remove("timestamp"); }
        resent["id"] = stored["id"]?.DeepClone();
        return JsonNode.DeepEquals(resent, stored);
    }
}
