using MicroCredLti.XapiCollector.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace MicroCredLti.XapiCollector.Statements;

/// <summary>
/// PostgreSQL: the whole batch in one <c>INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING RETURNING</c>, its
/// columns sent as binary arrays. Ids already stored, by an earlier request or a concurrent one that commits first, are
/// skipped without an error and read back for the caller to compare. The stored time is the database's, so replicas
/// behind a load balancer agree on it.
/// </summary>
/// <remarks>
/// Arrays rather than COPY into a temporary staging table: Npgsql resets pooled connections with DISCARD ALL, which
/// drops temporary tables, so a staging table would be created, and the system catalogs written, for every batch.
/// </remarks>
internal sealed class PostgresStatementWriter : IStatementWriter
{
    public static readonly PostgresStatementWriter Instance = new();

    private static readonly string Insert = $"""
        INSERT INTO {XapiSchema.Statements}
            (statement_id, learner_id, actor_ifi, verb_id, activity_id, registration, verb_activity_key, voided, "timestamp", stored, payload)
        SELECT s.statement_id, s.learner_id, s.actor_ifi, s.verb_id, s.activity_id, s.registration, s.verb_activity_key, false, s.ts, @stored, s.payload
        FROM unnest(@ids, @learners, @actors, @verbs, @activities, @registrations, @verb_activity_keys, @timestamps, @payloads) WITH ORDINALITY
            AS s(statement_id, learner_id, actor_ifi, verb_id, activity_id, registration, verb_activity_key, ts, payload, ordinal)
        ORDER BY s.ordinal
        ON CONFLICT (statement_id) DO NOTHING
        RETURNING statement_id, sequence
        """;

    private static readonly string SelectStored = $"SELECT statement_id, payload FROM {XapiSchema.Statements} WHERE statement_id = ANY(@ids)";

    public async Task<DateTimeOffset> StoredTimeAsync(XapiDbContext db, CancellationToken cancellationToken)
    {
        await using var command = Command(db, "SELECT now()");
        return StatementWriter.ToMilliseconds((DateTime)(await command.ExecuteScalarAsync(cancellationToken))!);
    }

    public async Task<IReadOnlyDictionary<Guid, string>> InsertNewAsync(XapiDbContext db, IReadOnlyList<StoredStatement> rows,
        CancellationToken cancellationToken)
    {
        var stored = rows[0].Stored;
        await using var insert = Command(db, Insert);
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("stored", NpgsqlDbType.TimestampTz) { TypedValue = stored });
        Add(insert, "ids", NpgsqlDbType.Uuid, rows.Select(r => r.StatementId).ToArray());
        Add(insert, "learners", NpgsqlDbType.Uuid, rows.Select(r => r.LearnerId).ToArray());
        Add(insert, "actors", NpgsqlDbType.Varchar, rows.Select(r => r.ActorIfi).ToArray());
        Add(insert, "verbs", NpgsqlDbType.Varchar, rows.Select(r => r.VerbId).ToArray());
        Add(insert, "activities", NpgsqlDbType.Varchar, rows.Select(r => r.ActivityId).ToArray());
        Add(insert, "registrations", NpgsqlDbType.Uuid, rows.Select(r => r.Registration).ToArray());
        Add(insert, "verb_activity_keys", NpgsqlDbType.Bytea, rows.Select(r => r.VerbActivityKey).ToArray());
        Add(insert, "timestamps", NpgsqlDbType.TimestampTz, rows.Select(r => r.Timestamp).ToArray());
        Add(insert, "payloads", NpgsqlDbType.Text, rows.Select(r => r.Payload).ToArray());

        var sequences = new Dictionary<Guid, long>(rows.Count);
        await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                sequences[reader.GetGuid(0)] = reader.GetInt64(1);
        foreach (var row in rows)
            if (sequences.TryGetValue(row.StatementId, out var sequence))
                row.Sequence = sequence;
        if (sequences.Count == rows.Count) return new Dictionary<Guid, string>();

        await using var select = Command(db, SelectStored);
        Add(select, "ids", NpgsqlDbType.Uuid, rows.Select(r => r.StatementId).Where(id => !sequences.ContainsKey(id)).ToArray());
        var existing = new Dictionary<Guid, string>();
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                existing[reader.GetGuid(0)] = reader.GetString(1);
        return existing;
    }

    private static NpgsqlCommand Command(XapiDbContext db, string sql) =>
        new(sql, (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Statements are written inside the caller's transaction."));

    private static void Add<T>(NpgsqlCommand command, string name, NpgsqlDbType elementType, T[] values) =>
        command.Parameters.Add(new NpgsqlParameter<T[]>(name, NpgsqlDbType.Array | elementType) { TypedValue = values });
}
