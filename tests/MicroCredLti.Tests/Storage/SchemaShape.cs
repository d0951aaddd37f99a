using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Scaffolding.Metadata;

namespace MicroCredLti.Tests.Schemas;

/// <summary>
/// A schema reduced to what the drift tests compare: tables, columns (store type, nullability), primary keys, indexes
/// and foreign keys. Built from the EF Core model (what the code expects) or from a database or a DDL script (what the
/// migrations made), with store types already normalised by the database's <see cref="StoreTypes"/> rules.
/// </summary>
internal sealed record SchemaShape(IReadOnlyList<TableShape> Tables)
{
    /// <summary>What the EF Core model maps: its relational model's tables.</summary>
    public static SchemaShape FromModel(IRelationalModel model, StoreTypes types) => new(model.Tables
        .Select(t => new TableShape(t.Name,
            t.Columns.Select(c => new ColumnShape(c.Name, types.Normalise(c.StoreType), c.IsNullable)).ToList(),
            t.PrimaryKey is { } key ? new KeyShape(key.Name, key.Columns.Select(c => c.Name).ToList()) : null,
            t.Indexes.Select(i => new IndexShape(i.Name, i.Columns.Select(c => c.Name).ToList(), i.IsUnique, Filter(i.Filter))).ToList(),
            t.ForeignKeyConstraints.Select(f => new ForeignKeyShape(f.Name, f.Columns.Select(c => c.Name).ToList(), f.PrincipalTable.Name,
                f.PrincipalColumns.Select(c => c.Name).ToList(), OnDelete(f.OnDeleteAction))).ToList()))
        .ToList());

    /// <summary>What a database holds, as EF Core's scaffolding reader sees it, without the tables named in <paramref name="excluded"/>.</summary>
    public static SchemaShape FromDatabase(DatabaseModel database, StoreTypes types, params string[] excluded) => new(database.Tables
        .Where(t => !excluded.Contains(t.Name, StringComparer.OrdinalIgnoreCase))
        .Select(t => new TableShape(t.Name,
            t.Columns.Select(c => new ColumnShape(c.Name, types.Normalise(c.StoreType ?? ""), c.IsNullable)).ToList(),
            t.PrimaryKey is { } key ? new KeyShape(Reported(key.Name), key.Columns.Select(c => c.Name).ToList()) : null,
            t.Indexes.Select(i => new IndexShape(Reported(i.Name), i.Columns.Select(c => c?.Name ?? "(expression)").ToList(), i.IsUnique, Filter(i.Filter)))
                // A unique constraint is a unique index by another name; EF Core maps both as unique indexes.
                .Concat(t.UniqueConstraints.Select(u => new IndexShape(Reported(u.Name), u.Columns.Select(c => c.Name).ToList(), true, null)))
                .ToList(),
            t.ForeignKeys.Select(f => new ForeignKeyShape(Reported(f.Name), f.Columns.Select(c => c.Name).ToList(), f.PrincipalTable.Name,
                f.PrincipalColumns.Select(c => c.Name).ToList(), OnDelete(f.OnDelete))).ToList()))
        .ToList());

    /// <summary>
    /// Every way <paramref name="actual"/> differs from <paramref name="expected"/>, one readable line each
    /// (<c>table.column: expected X, found Y</c>). Names the database does not report (null) are not compared.
    /// </summary>
    public static IReadOnlyList<string> Differences(SchemaShape expected, SchemaShape actual)
    {
        var differences = new List<string>();
        var found = actual.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var table in expected.Tables.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            if (!found.Remove(table.Name, out var other))
            {
                differences.Add($"{table.Name}: expected a table, found none");
                continue;
            }
            CompareColumns(table, other, differences);
            ComparePrimaryKeys(table, other, differences);
            CompareIndexes(table, other, differences);
            CompareForeignKeys(table, other, differences);
        }
        differences.AddRange(found.Keys.Order(StringComparer.Ordinal).Select(name => $"{name}: expected no table, found one the model does not map"));
        return differences;
    }

    private static void CompareColumns(TableShape expected, TableShape actual, List<string> differences)
    {
        var found = actual.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var column in expected.Columns)
        {
            var where = $"{expected.Name}.{column.Name}";
            if (!found.Remove(column.Name, out var other))
            {
                differences.Add($"{where}: expected a {Describe(column)} column, found none");
                continue;
            }
            if (!string.Equals(column.Type, other.Type, StringComparison.Ordinal))
                differences.Add($"{where}: expected type {column.Type}, found {other.Type}");
            if (column.Nullable != other.Nullable)
                differences.Add($"{where}: expected {Nullability(column.Nullable)}, found {Nullability(other.Nullable)}");
        }
        differences.AddRange(found.Values.Select(c => $"{expected.Name}.{c.Name}: expected no column, found {Describe(c)}"));
    }

    private static void ComparePrimaryKeys(TableShape expected, TableShape actual, List<string> differences)
    {
        var (key, other) = (expected.PrimaryKey, actual.PrimaryKey);
        if (key is null && other is null) return;
        if (key is null || other is null)
        {
            differences.Add($"{expected.Name}: expected {Describe(key)}, found {Describe(other)}");
            return;
        }
        if (!key.Columns.SequenceEqual(other.Columns, StringComparer.Ordinal))
            differences.Add($"{expected.Name}: expected {Describe(key)}, found {Describe(other)}");
        else if (other.Name is not null && key.Name != other.Name)
            differences.Add($"{expected.Name}: expected the primary key to be named {key.Name}, found {other.Name}");
    }

    private static void CompareIndexes(TableShape expected, TableShape actual, List<string> differences)
    {
        // Indexes are matched by their columns, so that a misnamed index reads as one difference, not two.
        var found = actual.Indexes.ToList();
        foreach (var index in expected.Indexes)
        {
            var other = found.FirstOrDefault(i => i.Name == index.Name && i.Columns.SequenceEqual(index.Columns))
                ?? found.FirstOrDefault(i => i.Columns.SequenceEqual(index.Columns, StringComparer.Ordinal));
            if (other is null)
            {
                differences.Add($"{expected.Name}: expected {Describe(index)}, found none on ({string.Join(", ", index.Columns)})");
                continue;
            }
            found.Remove(other);
            if (index.Unique != other.Unique || index.Filter != other.Filter)
                differences.Add($"{expected.Name}: expected {Describe(index)}, found {Describe(other)}");
            else if (other.Name is not null && index.Name != other.Name)
                differences.Add($"{expected.Name}: expected {Describe(index)}, found it named {other.Name}");
        }
        differences.AddRange(found.Select(i => $"{expected.Name}: expected no further index, found {Describe(i)}"));
    }

    private static void CompareForeignKeys(TableShape expected, TableShape actual, List<string> differences)
    {
        var found = actual.ForeignKeys.ToList();
        foreach (var key in expected.ForeignKeys)
        {
            var other = found.FirstOrDefault(f => f.Columns.SequenceEqual(key.Columns, StringComparer.Ordinal));
            if (other is null)
            {
                differences.Add($"{expected.Name}: expected {Describe(key)}, found none on ({string.Join(", ", key.Columns)})");
                continue;
            }
            found.Remove(other);
            if (key.PrincipalTable != other.PrincipalTable || !key.PrincipalColumns.SequenceEqual(other.PrincipalColumns) || key.OnDelete != other.OnDelete)
                differences.Add($"{expected.Name}: expected {Describe(key)}, found {Describe(other)}");
            else if (other.Name is not null && key.Name != other.Name)
                differences.Add($"{expected.Name}: expected {Describe(key)}, found it named {other.Name}");
        }
        differences.AddRange(found.Select(f => $"{expected.Name}: expected no further foreign key, found {Describe(f)}"));
    }

    /// <summary>SQLite keeps no names for primary keys, unique constraints and foreign keys; its reader says "".</summary>
    private static string? Reported(string? name) => string.IsNullOrEmpty(name) ? null : name;

    private static string Nullability(bool nullable) => nullable ? "NULL" : "NOT NULL";

    private static string Describe(ColumnShape column) => $"{column.Type} {Nullability(column.Nullable)}";

    private static string Describe(KeyShape? key) =>
        key is null ? "no primary key" : $"primary key {key.Name ?? "(unnamed)"} ({string.Join(", ", key.Columns)})";

    private static string Describe(IndexShape index) =>
        $"{(index.Unique ? "unique " : "")}index {index.Name ?? "(unnamed)"} ({string.Join(", ", index.Columns)})"
        + (index.Filter is null ? "" : $" where {index.Filter}");

    private static string Describe(ForeignKeyShape key) =>
        $"foreign key {key.Name ?? "(unnamed)"} ({string.Join(", ", key.Columns)}) to {key.PrincipalTable} ({string.Join(", ", key.PrincipalColumns)}) on delete {key.OnDelete}";

    /// <summary>
    /// An index filter as text to compare: without quotes, outer parentheses or case, which databases add or drop
    /// when they store it (PostgreSQL reads <c>student_id IS NOT NULL</c> back as <c>(student_id IS NOT NULL)</c>).
    /// </summary>
    internal static string? Filter(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter)) return null;
        var text = Regex.Replace(filter, "[\"\\[\\]`]", "");
        text = Regex.Replace(text, @"\s+", " ").Trim();
        while (text.StartsWith('(') && text.EndsWith(')') && Balanced(text[1..^1])) text = text[1..^1].Trim();
        return text.ToLowerInvariant();
    }

    private static bool Balanced(string text)
    {
        var depth = 0;
        foreach (var c in text)
        {
            depth += c switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth < 0) return false;
        }
        return depth == 0;
    }

    /// <summary>
    /// NO ACTION and RESTRICT both refuse to delete a referenced row; they differ only for deferred constraints, which
    /// this product does not use. EF Core maps an optional relationship's default (ClientSetNull) to RESTRICT.
    /// </summary>
    private static string OnDelete(ReferentialAction? action) => action switch
    {
        null or ReferentialAction.NoAction or ReferentialAction.Restrict => "no action",
        ReferentialAction.Cascade => "cascade",
        ReferentialAction.SetNull => "set null",
        ReferentialAction.SetDefault => "set default",
        _ => action.ToString()!,
    };
}

internal sealed record TableShape(string Name, IReadOnlyList<ColumnShape> Columns, KeyShape? PrimaryKey, IReadOnlyList<IndexShape> Indexes,
    IReadOnlyList<ForeignKeyShape> ForeignKeys);

internal sealed record ColumnShape(string Name, string Type, bool Nullable);

internal sealed record KeyShape(string? Name, IReadOnlyList<string> Columns);

internal sealed record IndexShape(string? Name, IReadOnlyList<string> Columns, bool Unique, string? Filter);

internal sealed record ForeignKeyShape(string? Name, IReadOnlyList<string> Columns, string PrincipalTable, IReadOnlyList<string> PrincipalColumns,
    string OnDelete);
