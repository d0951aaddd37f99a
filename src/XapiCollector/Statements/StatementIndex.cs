using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MicroCredLti.XapiCollector.Learners;
using MicroCredLti.XapiCollector.Model;
using MicroCredLti.XapiCollector.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace MicroCredLti.XapiCollector.Statements;

/// <summary>
/// What a statement is found by: the actor's identifier on its row, and link rows for every Activity, every other Agent
/// and Group, and the statements its StatementRef targets. Written with the statement, in the same transaction, so a
/// query never sees a statement without its index.
/// </summary>
internal static class StatementIndex
{
    /// <summary>Longest identifier kept as it is; EF Core's own limit for an indexed string on SQL Server.</summary>
    public const int KeyLength = 450;

    /// <summary>
    /// The value as the index keeps it: itself, or when longer than <see cref="KeyLength"/> its SHA-256, so a long IRI
    /// is still found by an exact match and never overflows the column.
    /// </summary>
    public static string Key(string value) =>
        value.Length <= KeyLength ? value : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>The index key of an Agent or identified Group; none for an anonymous Group.</summary>
    public static string? AgentKey(Agent agent) => AgentIdentifier.Of(agent) is { } identifier ? Key(identifier) : null;

    /// <summary>
    /// An identifier as link rows keep it: the first 16 bytes of its SHA-256. Link rows are several per statement, and a
    /// fixed 16 bytes instead of an IRI keeps them and their index small; an exact filter value finds exactly its rows.
    /// </summary>
    public static byte[] LinkKey(string identifier) => SHA256.HashData(Encoding.UTF8.GetBytes(identifier))[..16];

    /// <summary>The key of a verb and an object Activity together, the index behind a <c>verb</c> + <c>activity</c> filter. IRIs have no spaces.</summary>
    public static byte[] VerbActivityKey(string verbId, string activityId) => LinkKey(verbId + " " + activityId);

    /// <summary>The <see cref="LinkKey"/> of an Agent or identified Group; none for an anonymous Group.</summary>
    public static byte[]? AgentLinkKey(Agent agent) => AgentIdentifier.Of(agent) is { } identifier ? LinkKey(identifier) : null;

    /// <summary>Sets <paramref name="row"/>'s actor key and link rows from the statement as stored (authority included).</summary>
    public static void Link(StoredStatement row, Statement statement)
    {
        var activities = new Dictionary<string, ActivityRelations>();
        var agents = new Dictionary<string, AgentRelations>();

        // The actor's own identifier is on the statement row; its members, if it is a Group, are link rows.
        row.ActorIfi = statement.Actor is { } actor ? AgentKey(actor) : null;
        foreach (var member in statement.Actor?.Member ?? [])
            if (AgentIdentifier.Of(member) is { } memberIdentifier)
                Add(agents, memberIdentifier, AgentRelations.Actor);
        AddAgent(agents, statement.Authority, AgentRelations.Authority);
        AddContext(activities, agents, statement.Context, subStatement: false);
        switch (statement.Object)
        {
            case { EffectiveObjectType: "Activity", Id: { } activityId }:
                Add(activities, activityId, ActivityRelations.Object);
                break;
            case { ObjectType: "Agent" or "Group" } agent:
                AddAgent(agents, AsAgent(agent), AgentRelations.Object);
                break;
            case { ObjectType: "SubStatement" } sub:
                AddAgent(agents, sub.Actor, AgentRelations.SubStatementActor);
                if (sub.Object is { EffectiveObjectType: "Activity", Id: { } subActivityId })
                    Add(activities, subActivityId, ActivityRelations.SubStatementObject);
                else if (sub.Object is { ObjectType: "Agent" or "Group" } subAgent)
                    AddAgent(agents, AsAgent(subAgent), AgentRelations.SubStatementObject);
                AddContext(activities, agents, sub.Context, subStatement: true);
                break;
        }

        row.Activities.AddRange(activities.Select(a => new StatementActivity { ActivityKey = LinkKey(a.Key), Relations = a.Value }));
        row.Agents.AddRange(agents.Select(a => new StatementAgent { AgentKey = LinkKey(a.Key), Relations = a.Value }));
    }

    /// <summary>
    /// Adds the statements each new statement targets, however indirectly: its StatementRef's target and all that target
    /// targets. A statement stored earlier that targets one of the new ones, directly or not, gains what the new one
    /// targets, so a chain stored in any order ends with the same rows.
    /// </summary>
    public static async Task LinkTargetsAsync(XapiDbContext db, IReadOnlyList<Statement> statements, IReadOnlyList<StoredStatement> rows,
        CancellationToken cancellationToken)
    {
        var direct = new Dictionary<Guid, Guid>();
        for (var i = 0; i < statements.Count; i++)
            if (statements[i].Object is { ObjectType: "StatementRef", Id: { } id } && Guid.TryParse(id, out var target))
                direct[rows[i].StatementId] = target;
        if (direct.Count == 0) return;

        var stored = direct.Values.Where(t => !direct.ContainsKey(t)).Distinct().ToList();
        var storedClosures = (await db.Statements.Where(s => stored.Contains(s.StatementId))
                .Join(db.TargetedStatements, s => s.Sequence, t => t.Sequence, (s, t) => new { s.StatementId, Target = t.StatementId })
                .ToListAsync(cancellationToken))
            .ToLookup(c => c.StatementId, c => c.Target);

        HashSet<Guid> Closure(Guid statementId)
        {
            var closure = new HashSet<Guid>();
            for (var current = statementId; direct.TryGetValue(current, out var next) && closure.Add(next);)
            {
                current = next;
                closure.UnionWith(storedClosures[next]);
            }
            return closure;
        }

        var closures = direct.Keys.ToDictionary(id => id, Closure);
        foreach (var row in rows)
            if (closures.TryGetValue(row.StatementId, out var closure))
                row.Targets.AddRange(closure.Select(id => new TargetedStatement { StatementId = id }));

        var newIds = closures.Keys.ToList();
        var targeting = await db.TargetedStatements.AsNoTracking().Where(t => newIds.Contains(t.StatementId)).ToListAsync(cancellationToken);
        if (targeting.Count == 0) return;
        var sequences = targeting.Select(t => t.Sequence).Distinct().ToList();
        var existing = (await db.TargetedStatements.AsNoTracking().Where(t => sequences.Contains(t.Sequence)).ToListAsync(cancellationToken))
            .Select(t => (t.Sequence, t.StatementId)).ToHashSet();
        foreach (var (sequence, reached) in targeting.Select(t => (t.Sequence, t.StatementId)))
            foreach (var id in closures[reached])
                if (existing.Add((sequence, id)))
                    db.TargetedStatements.Add(new TargetedStatement { Sequence = sequence, StatementId = id });
    }

    /// <summary>
    /// Writes the link rows of <paramref name="rows"/>, which have just been inserted and so have their sequence, inside
    /// the transaction the statements were inserted in. PostgreSQL takes them by binary COPY, one per table; elsewhere one
    /// prepared INSERT runs once per row. Either way they cost a small part of the statements' own insert, which a change
    /// tracker handling several link entities per statement would not.
    /// </summary>
    public static async Task WriteAsync(XapiDbContext db, IReadOnlyList<StoredStatement> rows, CancellationToken cancellationToken)
    {
        var activities = rows.SelectMany(r => r.Activities.Select(a => new LinkRow(a.ActivityKey, r.Stored, r.Sequence, (short)a.Relations))).ToList();
        var agents = rows.SelectMany(r => r.Agents.Select(a => new LinkRow(a.AgentKey, r.Stored, r.Sequence, (short)a.Relations))).ToList();
        var targets = rows.SelectMany(r => r.Targets.Select(t => (r.Sequence, t.StatementId))).ToList();

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Link rows are written in the transaction of their statements.");
        if (connection is NpgsqlConnection postgres)
        {
            await CopyAsync(postgres, $"{XapiSchema.StatementActivities} (activity_key, stored, sequence, relations)", activities, cancellationToken);
            await CopyAsync(postgres, $"{XapiSchema.StatementAgents} (agent_key, stored, sequence, relations)", agents, cancellationToken);
            if (targets.Count > 0)
            {
                await using var copy = await postgres.BeginBinaryImportAsync(
                    $"COPY {XapiSchema.StatementTargets} (sequence, statement_id) FROM STDIN (FORMAT BINARY)", cancellationToken);
                foreach (var (sequence, statementId) in targets)
                {
                    await copy.StartRowAsync(cancellationToken);
                    await copy.WriteAsync(sequence, NpgsqlDbType.Bigint, cancellationToken);
                    await copy.WriteAsync(statementId, NpgsqlDbType.Uuid, cancellationToken);
                }
                await copy.CompleteAsync(cancellationToken);
            }
            return;
        }
        await InsertAsync(connection, transaction, $"{XapiSchema.StatementActivities} (activity_key, stored, sequence, relations)", activities, cancellationToken);
        await InsertAsync(connection, transaction, $"{XapiSchema.StatementAgents} (agent_key, stored, sequence, relations)", agents, cancellationToken);
        // Targets are few: the change tracker writes them, with the statement's sequence now known.
        db.TargetedStatements.AddRange(targets.Select(t => new TargetedStatement { Sequence = t.Sequence, StatementId = t.StatementId }));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes the link rows of stored <paramref name="rows"/> (payload included), in the caller's transaction. Their keys
    /// are worked out again from each payload, as <see cref="Link"/> wrote them, so each row is deleted by its primary key.
    /// </summary>
    public static async Task DeleteAsync(XapiDbContext db, IReadOnlyList<StoredStatement> rows, CancellationToken cancellationToken)
    {
        var linked = rows.Select(row =>
        {
            var relinked = new StoredStatement { Sequence = row.Sequence, Stored = row.Stored, VerbId = row.VerbId, Payload = row.Payload };
            Link(relinked, JsonSerializer.Deserialize<Statement>(row.Payload, XapiJson.Options)!);
            return relinked;
        }).ToList();
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Link rows are deleted in the transaction that deletes their statements.");
        await DeleteAsync(connection, transaction, $"{XapiSchema.StatementActivities} WHERE activity_key = @key",
            linked.SelectMany(r => r.Activities.Select(a => new LinkRow(a.ActivityKey, r.Stored, r.Sequence, 0))), cancellationToken);
        await DeleteAsync(connection, transaction, $"{XapiSchema.StatementAgents} WHERE agent_key = @key",
            linked.SelectMany(r => r.Agents.Select(a => new LinkRow(a.AgentKey, r.Stored, r.Sequence, 0))), cancellationToken);
    }

    private static async Task DeleteAsync(DbConnection connection, DbTransaction transaction, string tableAndKey, IEnumerable<LinkRow> rows,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"DELETE FROM {tableAndKey} AND stored = @stored AND sequence = @sequence";
        var (key, stored, sequence) = (Parameter(command, "@key"), Parameter(command, "@stored"), Parameter(command, "@sequence"));
        foreach (var row in rows)
        {
            (key.Value, sequence.Value) = (row.Key, row.Sequence);
            stored.Value = connection is SqliteConnection ? XapiDbContext.StoredTimeText(row.Stored) : row.Stored;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private readonly record struct LinkRow(byte[] Key, DateTimeOffset Stored, long Sequence, short Relations);

    private static async Task CopyAsync(NpgsqlConnection connection, string table, List<LinkRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        await using var copy = await connection.BeginBinaryImportAsync($"COPY {table} FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(row.Key, NpgsqlDbType.Bytea, cancellationToken);
            await copy.WriteAsync(row.Stored, NpgsqlDbType.TimestampTz, cancellationToken);
            await copy.WriteAsync(row.Sequence, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(row.Relations, NpgsqlDbType.Smallint, cancellationToken);
        }
        await copy.CompleteAsync(cancellationToken);
    }

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, string table, List<LinkRow> rows,
        CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {table} VALUES (@key, @stored, @sequence, @relations)";
        var (key, stored, sequence, relations) =
            (Parameter(command, "@key"), Parameter(command, "@stored"), Parameter(command, "@sequence"), Parameter(command, "@relations"));
        foreach (var row in rows)
        {
            // The stored time as the statement row keeps it on this database (see XapiDbContext.StoredTimeText).
            (key.Value, sequence.Value, relations.Value) = (row.Key, row.Sequence, row.Relations);
            stored.Value = connection is SqliteConnection ? XapiDbContext.StoredTimeText(row.Stored) : row.Stored;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static void AddContext(Dictionary<string, ActivityRelations> activities, Dictionary<string, AgentRelations> agents, Context? context,
        bool subStatement)
    {
        if (context is null) return;
        AddAgent(agents, context.Instructor, subStatement ? AgentRelations.SubStatementInstructor : AgentRelations.Instructor);
        AddAgent(agents, context.Team, subStatement ? AgentRelations.SubStatementTeam : AgentRelations.Team);
        if (context.ContextActivities is not { } lists) return;
        AddActivities(activities, lists.Parent, subStatement ? ActivityRelations.SubStatementParent : ActivityRelations.Parent);
        AddActivities(activities, lists.Grouping, subStatement ? ActivityRelations.SubStatementGrouping : ActivityRelations.Grouping);
        AddActivities(activities, lists.Category, subStatement ? ActivityRelations.SubStatementCategory : ActivityRelations.Category);
        AddActivities(activities, lists.Other, subStatement ? ActivityRelations.SubStatementOther : ActivityRelations.Other);
    }

    private static void AddActivities(Dictionary<string, ActivityRelations> activities, List<StatementTarget>? list, ActivityRelations relation)
    {
        foreach (var activity in list ?? [])
            if (activity.Id is { } id)
                Add(activities, id, relation);
    }

    /// <summary>An Agent or identified Group by its identifier, and a Group's members with the Group's relation.</summary>
    private static void AddAgent(Dictionary<string, AgentRelations> agents, Agent? agent, AgentRelations relation)
    {
        if (agent is null) return;
        if (AgentIdentifier.Of(agent) is { } identifier) Add(agents, identifier, relation);
        foreach (var member in agent.Member ?? [])
            if (AgentIdentifier.Of(member) is { } memberIdentifier)
                Add(agents, memberIdentifier, relation);
    }

    private static void Add(Dictionary<string, ActivityRelations> links, string key, ActivityRelations relation) =>
        links[key] = links.GetValueOrDefault(key) | relation;

    private static void Add(Dictionary<string, AgentRelations> links, string key, AgentRelations relation) =>
        links[key] = links.GetValueOrDefault(key) | relation;

    private static Agent AsAgent(StatementTarget target) => new()
    {
        ObjectType = target.ObjectType, Name = target.Name, Mbox = target.Mbox, MboxSha1Sum = target.MboxSha1Sum,
        Openid = target.Openid, Account = target.Account, Member = target.Member,
    };
}
