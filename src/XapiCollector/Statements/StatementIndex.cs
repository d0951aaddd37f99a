using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using MicroCredLti.XapiCollector.Learners;
using MicroCredLti.XapiCollector.Model;
using MicroCredLti.XapiCollector.Storage;
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

    /// <summary>Sets <paramref name="row"/>'s actor key and link rows from the statement as stored (authority included).</summary>
    public static void Link(StoredStatement row, Statement statement)
    {
        var activities = new HashSet<(string, ActivityRelation)>();
        var agents = new HashSet<(string, AgentRelation)>();

        row.ActorIfi = statement.Actor is { } actor ? AgentKey(actor) : null;
        AddMembers(agents, statement.Actor, AgentRelation.Actor);
        AddAgent(agents, statement.Authority, AgentRelation.Authority);
        AddContext(activities, agents, statement.Context, subStatement: false);
        switch (statement.Object)
        {
            case { EffectiveObjectType: "Activity", Id: { } activityId }:
                activities.Add((Key(activityId), ActivityRelation.Object));
                break;
            case { ObjectType: "Agent" or "Group" } agent:
                AddAgent(agents, AsAgent(agent), AgentRelation.Object);
                break;
            case { ObjectType: "SubStatement" } sub:
                AddAgent(agents, sub.Actor, AgentRelation.SubStatementActor);
                if (sub.Object is { EffectiveObjectType: "Activity", Id: { } subActivityId })
                    activities.Add((Key(subActivityId), ActivityRelation.SubStatementObject));
                else if (sub.Object is { ObjectType: "Agent" or "Group" } subAgent)
                    AddAgent(agents, AsAgent(subAgent), AgentRelation.SubStatementObject);
                AddContext(activities, agents, sub.Context, subStatement: true);
                break;
        }

        row.Activities.AddRange(activities.Select(a => new StatementActivity { ActivityId = a.Item1, Relation = a.Item2 }));
        row.Agents.AddRange(agents.Select(a => new StatementAgent { AgentIfi = a.Item1, Relation = a.Item2 }));
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
        var activities = rows.SelectMany(r => r.Activities.Select(a => new LinkRow(a.ActivityId, r.Sequence, (short)a.Relation))).ToList();
        var agents = rows.SelectMany(r => r.Agents.Select(a => new LinkRow(a.AgentIfi, r.Sequence, (short)a.Relation))).ToList();
        var targets = rows.SelectMany(r => r.Targets.Select(t => (r.Sequence, t.StatementId))).ToList();

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Link rows are written in the transaction of their statements.");
        if (connection is NpgsqlConnection postgres)
        {
            await CopyAsync(postgres, $"{XapiSchema.StatementActivities} (activity_id, sequence, relation)", activities, cancellationToken);
            await CopyAsync(postgres, $"{XapiSchema.StatementAgents} (agent_ifi, sequence, relation)", agents, cancellationToken);
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
        await InsertAsync(connection, transaction, $"{XapiSchema.StatementActivities} (activity_id, sequence, relation)", activities, cancellationToken);
        await InsertAsync(connection, transaction, $"{XapiSchema.StatementAgents} (agent_ifi, sequence, relation)", agents, cancellationToken);
        // Targets are few: the change tracker writes them, with the statement's sequence now known.
        db.TargetedStatements.AddRange(targets.Select(t => new TargetedStatement { Sequence = t.Sequence, StatementId = t.StatementId }));
        await db.SaveChangesAsync(cancellationToken);
    }

    private readonly record struct LinkRow(string Key, long Sequence, short Relation);

    private static async Task CopyAsync(NpgsqlConnection connection, string table, List<LinkRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        await using var copy = await connection.BeginBinaryImportAsync($"COPY {table} FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(row.Key, NpgsqlDbType.Varchar, cancellationToken);
            await copy.WriteAsync(row.Sequence, NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(row.Relation, NpgsqlDbType.Smallint, cancellationToken);
        }
        await copy.CompleteAsync(cancellationToken);
    }

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, string table, List<LinkRow> rows,
        CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {table} VALUES (@key, @sequence, @relation)";
        var (key, sequence, relation) = (Parameter(command, "@key"), Parameter(command, "@sequence"), Parameter(command, "@relation"));
        foreach (var row in rows)
        {
            (key.Value, sequence.Value, relation.Value) = (row.Key, row.Sequence, row.Relation);
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

    private static void AddContext(HashSet<(string, ActivityRelation)> activities, HashSet<(string, AgentRelation)> agents, Context? context,
        bool subStatement)
    {
        if (context is null) return;
        AddAgent(agents, context.Instructor, subStatement ? AgentRelation.SubStatementInstructor : AgentRelation.Instructor);
        AddAgent(agents, context.Team, subStatement ? AgentRelation.SubStatementTeam : AgentRelation.Team);
        if (context.ContextActivities is not { } lists) return;
        AddActivities(activities, lists.Parent, subStatement ? ActivityRelation.SubStatementParent : ActivityRelation.Parent);
        AddActivities(activities, lists.Grouping, subStatement ? ActivityRelation.SubStatementGrouping : ActivityRelation.Grouping);
        AddActivities(activities, lists.Category, subStatement ? ActivityRelation.SubStatementCategory : ActivityRelation.Category);
        AddActivities(activities, lists.Other, subStatement ? ActivityRelation.SubStatementOther : ActivityRelation.Other);
    }

    private static void AddActivities(HashSet<(string, ActivityRelation)> activities, List<StatementTarget>? list, ActivityRelation relation)
    {
        foreach (var activity in list ?? [])
            if (activity.Id is { } id)
                activities.Add((Key(id), relation));
    }

    private static void AddAgent(HashSet<(string, AgentRelation)> agents, Agent? agent, AgentRelation relation)
    {
        if (agent is null) return;
        if (AgentKey(agent) is { } key) agents.Add((key, relation));
        AddMembers(agents, agent, relation);
    }

    private static void AddMembers(HashSet<(string, AgentRelation)> agents, Agent? group, AgentRelation relation)
    {
        foreach (var member in group?.Member ?? [])
            if (AgentKey(member) is { } key)
                agents.Add((key, relation));
    }

    private static Agent AsAgent(StatementTarget target) => new()
    {
        ObjectType = target.ObjectType, Name = target.Name, Mbox = target.Mbox, MboxSha1Sum = target.MboxSha1Sum,
        Openid = target.Openid, Account = target.Account, Member = target.Member,
    };
}
