using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredLti.XapiCollector.Activities;
using MicroCredLti.XapiCollector.Attachments;
using MicroCredLti.XapiCollector.Learners;
using MicroCredLti.XapiCollector.Model;
using MicroCredLti.XapiCollector.Storage;
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

internal sealed class StatementStore(XapiDbContext db, LearnerDirectory learners, ActivityDirectory activities, TimeProvider clock) : IStatementRecorder
{
    // Properties the LRS itself sets (xAPI 1.0.3 Part Two 2.4.8-2.4.10); a re-sent statement may differ in them.
    private static readonly string[] LrsAssignedProperties = ["stored", "authority", "version"];

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
        // What the client sent, before the LRS adds to it: a statement stored under the same id must match this.
        var sent = batch.Statements.Select(s => JsonSerializer.SerializeToNode(s, XapiJson.Options)!.AsObject()).ToList();
        try
        {
            return await StoreAsync(batch, sent, authority, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request stored one of these statement ids (or attachments) first; the second pass compares against its rows.
            db.ChangeTracker.Clear();
            return await StoreAsync(batch, sent, authority, cancellationToken);
        }
    }

    private async Task<StoreOutcome> StoreAsync(StatementBatch batch, IReadOnlyList<JsonObject> sent, Agent authority,
        CancellationToken cancellationToken)
    {
        var statements = batch.Statements;
        var now = clock.GetUtcNow();
        var stored = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        var ids = statements.Select(s => s.Id ??= Guid.NewGuid()).ToList();
        var existing = await db.Statements.Where(s => ids.Contains(s.StatementId))
            .ToDictionaryAsync(s => s.StatementId, s => s.Payload, cancellationToken);

        var fresh = new List<Statement>();
        for (var i = 0; i < statements.Count; i++)
        {
            var statement = statements[i];
            if (!existing.TryGetValue(statement.Id!.Value, out var payload))
                fresh.Add(statement);
            else if (!SameStatement(sent[i].DeepClone().AsObject(), payload))
                return new StoreOutcome.Conflict(statement.Id.Value);
        }

        var identifiers = fresh.Where(s => !s.Actor!.IsGroup).Select(s => AgentIdentifier.Of(s.Actor!)).OfType<string>().Distinct().ToList();
        var learnerIds = await learners.ResolveAsync(identifiers, cancellationToken);
        var rows = fresh.Select(statement =>
        {
            statement.Stored = stored;
            statement.Timestamp ??= stored;
            statement.Authority = authority;
            statement.Version ??= batch.Version.DefaultStatementVersion();
            var row = ToRow(statement, now);
            if (!statement.Actor!.IsGroup && AgentIdentifier.Of(statement.Actor) is { } identifier)
                row.LearnerId = learnerIds[identifier];
            StatementIndex.Link(row, statement);
            return row;
        }).ToList();

        await StatementIndex.LinkTargetsAsync(db, fresh, rows, cancellationToken);
        await VoidTargetsAsync(fresh, rows, cancellationToken);
        // The statements and their index rows commit together: a query never sees one without the other.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            db.Statements.AddRange(rows);
            await AddAttachmentsAsync(batch.Attachments, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await StatementIndex.WriteAsync(db, rows, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await activities.RecordAsync(fresh, cancellationToken);
        return new StoreOutcome.Stored(ids);
    }

    /// <summary>
    /// A voiding statement marks its target voided, whether stored before or in the same batch, unless the target
    /// is itself a voiding statement (2.4.4.3).
    /// </summary>
    private async Task VoidTargetsAsync(IReadOnlyList<Statement> statements, IReadOnlyList<StoredStatement> batch, CancellationToken cancellationToken)
    {
        var targets = statements.Where(s => s.Verb!.Id == Verbs.Voided && s.Object!.ObjectType == "StatementRef")
            .Select(s => Guid.Parse(s.Object!.Id!)).ToHashSet();
        if (targets.Count == 0) return;
        var storedTargets = await db.Statements.Where(s => targets.Contains(s.StatementId)).ToListAsync(cancellationToken);
        foreach (var target in storedTargets.Concat(batch.Where(r => targets.Contains(r.StatementId))).Where(t => t.VerbId != Verbs.Voided))
            target.Voided = true;
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
            Timestamp = DateTimeOffset.Parse(statement.Timestamp!, CultureInfo.InvariantCulture).ToUniversalTime(),
            Stored = stored,
            Payload = JsonSerializer.Serialize(statement, XapiJson.Options),
        };
    }

    private static bool SameStatement(JsonObject sent, string storedPayload)
    {
        var stored = JsonNode.Parse(storedPayload)!.AsObject();
        foreach (var name in LrsAssignedProperties) { stored.Remove(name); sent.Remove(name); }
        if (!sent.ContainsKey("timestamp")) stored.Remove("timestamp");
        sent["id"] = stored["id"]?.DeepClone();
        return JsonNode.DeepEquals(sent, stored);
    }
}
