using System.Data;
using FluentMigrator;
using MicroCredLti.ServiceDefaults.Storage;
using MicroCredLti.XapiCollector.Statements;

namespace MicroCredLti.XapiCollector.Storage;

/// <summary>
/// A verb and an object Activity together are a common filter (who passed this exam), and neither index alone finds them
/// fast: an activity's statements are mostly other verbs. Each statement whose object is an Activity keeps the 16-byte
/// key of the pair (<see cref="StatementIndex.VerbActivityKey"/>), indexed in page order. Statements stored before this
/// migration get theirs here.
/// </summary>
[Migration(2026_11_25_50, "Statement index by verb and object activity together")]
internal sealed class IndexVerbAndActivity : PortableMigration
{
    public override void Up()
    {
        Alter.Table(XapiSchema.Statements).AddColumn("verb_activity_key").AsBinary(16).Nullable();
        Execute.WithConnection(Backfill);
        Create.Index("ix_xapi_statements_verb_activity_key_stored_sequence").OnTable(XapiSchema.Statements)
            .OnColumn("verb_activity_key").Ascending().OnColumn("stored").Ascending().OnColumn("sequence").Ascending();
    }

    public override void Down()
    {
        Delete.Index("ix_xapi_statements_verb_activity_key_stored_sequence").OnTable(XapiSchema.Statements);
        Delete.Column("verb_activity_key").FromTable(XapiSchema.Statements);
    }

    private static void Backfill(IDbConnection connection, IDbTransaction? transaction)
    {
        var keys = new List<(long Sequence, byte[] Key)>();
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = $"SELECT sequence, verb_id, activity_id FROM {XapiSchema.Statements} WHERE activity_id IS NOT NULL";
            using var reader = select.ExecuteReader();
            while (reader.Read())
                keys.Add((reader.GetInt64(0), StatementIndex.VerbActivityKey(reader.GetString(1), reader.GetString(2))));
        }
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = $"UPDATE {XapiSchema.Statements} SET verb_activity_key = @key WHERE sequence = @sequence";
        var (key, sequence) = (update.CreateParameter(), update.CreateParameter());
        (key.ParameterName, sequence.ParameterName) = ("@key", "@sequence");
        (key.DbType, sequence.DbType) = (DbType.Binary, DbType.Int64);
        update.Parameters.Add(key);
        update.Parameters.Add(sequence);
        foreach (var row in keys)
        {
            (key.Value, sequence.Value) = (row.Key, row.Sequence);
            update.ExecuteNonQuery();
        }
    }
}
