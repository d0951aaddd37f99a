using System.Text.RegularExpressions;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Logging;
using MicroCredLti.ServiceDefaults.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroCredLti.Tests.Schemas;

/// <summary>
/// The SQL Server DDL a module's migrations produce, without a server: the product's own FluentMigrator runner for
/// SQL Server, given no connection string, runs with FluentMigrator's connectionless processor, which writes each
/// statement (from the SqlServer2016 generator, or a migration's own SQL) into a script instead of sending it.
/// </summary>
internal sealed partial record SqlServerScript(string Text)
{
    public static SqlServerScript Generate(ModuleSchema schema)
    {
        var script = new StringWriter();
        using (var loggers = LoggerFactory.Create(logging => logging.AddProvider(
                   new SqlScriptFluentMigratorLoggerProvider(script, new SqlScriptFluentMigratorLoggerOptions { ShowSql = true }))))
        using (var runner = SchemaMigrator.Runner(DatabaseProvider.SqlServer, connectionString: "", schema, loggers))
        {
            runner.GetRequiredService<IMigrationRunner>().MigrateUp();
        }
        return new SqlServerScript(script.ToString());
    }

    /// <summary>The script's statements, one each, without FluentMigrator's /* comments */.</summary>
    public IReadOnlyList<string> Statements()
    {
        var statements = new List<string>();
        foreach (var line in Comment().Replace(Text, "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            // A migration's own SQL may run over several lines: a line that starts no statement continues the last.
            if (statements.Count > 0 && !StatementStart().IsMatch(line)) statements[^1] += " " + line;
            else statements.Add(line);
        }
        return statements.Select(s => s.TrimEnd(';').Trim()).ToList();
    }

    /// <summary>
    /// The tables, columns, primary keys, indexes and foreign keys the script creates, leaving out the version table.
    /// Statements it cannot read are returned too, so that nothing escapes the comparison unread.
    /// </summary>
    public (SchemaShape Shape, IReadOnlyList<string> Unread) Read(string versionTable)
    {
        var tables = new Dictionary<string, TableBuilder>(StringComparer.Ordinal);
        var unread = new List<string>();
        TableBuilder Table(string name) => tables.TryGetValue(name, out var table) ? table
            : throw new InvalidOperationException($"The script changes {name} before creating it.");

        foreach (var statement in Statements())
        {
            if (CreateTable().Match(statement) is { Success: true } create)
                tables.Add(Name(create.Groups["table"].Value), ReadTable(Name(create.Groups["table"].Value), create.Groups["body"].Value, unread));
            else if (CreateIndex().Match(statement) is { Success: true } index)
                Table(Name(index.Groups["table"].Value)).Indexes.Add(new IndexShape(Name(index.Groups["name"].Value),
                    Columns(index.Groups["columns"].Value), index.Groups["unique"].Success,
                    SchemaShape.Filter(index.Groups["filter"].Success ? index.Groups["filter"].Value : null)));
            else if (AddForeignKey().Match(statement) is { Success: true } key)
                Table(Name(key.Groups["table"].Value)).ForeignKeys.Add(ForeignKey(key));
            else if (DropTable().Match(statement) is { Success: true } dropped)
                tables.Remove(Name(dropped.Groups["table"].Value));
            else if (DropIndex().Match(statement) is { Success: true } droppedIndex)
                Table(Name(droppedIndex.Groups["table"].Value)).Indexes.RemoveAll(i => i.Name == Name(droppedIndex.Groups["name"].Value));
            else if (AddColumn().Match(statement) is { Success: true } added)
            {
                if (!ReadColumn(Table(Name(added.Groups["table"].Value)), added.Groups["definition"].Value)) unread.Add(statement);
            }
            else if (!InsertVersion().IsMatch(statement) || !statement.Contains(versionTable, StringComparison.Ordinal))
                unread.Add(statement);
        }
        return (new SchemaShape(tables.Values.Where(t => t.Name != versionTable).Select(t => t.Build()).ToList()), unread);
    }

    private static TableBuilder ReadTable(string name, string body, List<string> unread)
    {
        var table = new TableBuilder(name);
        foreach (var definition in TopLevelItems(body))
        {
            if (PrimaryKeyConstraint().Match(definition) is { Success: true } key)
                table.PrimaryKey = new KeyShape(key.Groups["name"].Success ? Name(key.Groups["name"].Value) : null, Columns(key.Groups["columns"].Value));
            else if (UniqueConstraint().Match(definition) is { Success: true } unique)
                table.Indexes.Add(new IndexShape(unique.Groups["name"].Success ? Name(unique.Groups["name"].Value) : null, Columns(unique.Groups["columns"].Value), true, null));
            else if (ForeignKeyConstraint().Match(definition) is { Success: true } foreignKey)
                table.ForeignKeys.Add(ForeignKey(foreignKey));
            else if (!ReadColumn(table, definition))
                unread.Add($"{name}: {definition}");
        }
        return table;
    }

    /// <summary>A column definition, in CREATE TABLE or in ALTER TABLE … ADD.</summary>
    private static bool ReadColumn(TableBuilder table, string definition)
    {
        if (ColumnDefinition().Match(definition) is not { Success: true } column) return false;
        var rest = column.Groups["rest"].Value;
        var inlineKey = Regex.IsMatch(rest, @"\bPRIMARY\s+KEY\b", RegexOptions.IgnoreCase);
        var columnName = Name(column.Groups["name"].Value);
        // Without NULL or NOT NULL a column allows NULL (SQL Server's ANSI default), unless it is the primary key.
        table.Columns.Add(new ColumnShape(columnName, StoreTypes.SqlServer.Normalise(column.Groups["type"].Value),
            !inlineKey && !Regex.IsMatch(rest, @"\bNOT\s+NULL\b", RegexOptions.IgnoreCase)));
        if (inlineKey) table.PrimaryKey = new KeyShape(null, [columnName]);
        if (Regex.IsMatch(rest, @"\bUNIQUE\b", RegexOptions.IgnoreCase)) table.Indexes.Add(new IndexShape(null, [columnName], true, null));
        return true;
    }

    private static ForeignKeyShape ForeignKey(Match key) => new(
        key.Groups["name"].Success ? Name(key.Groups["name"].Value) : null, Columns(key.Groups["columns"].Value),
        Name(key.Groups["principal"].Value), Columns(key.Groups["principalColumns"].Value),
        Regex.Match(key.Groups["rest"].Value, @"ON\s+DELETE\s+(CASCADE|SET\s+NULL|SET\s+DEFAULT|NO\s+ACTION)", RegexOptions.IgnoreCase) is { Success: true } onDelete
            ? Regex.Replace(onDelete.Groups[1].Value.ToLowerInvariant(), @"\s+", " ")
            : "no action");

    /// <summary>A table's definitions: the commas inside <c>DECIMAL(9,2)</c> or a key's column list do not separate them.</summary>
    private static IEnumerable<string> TopLevelItems(string body)
    {
        var (depth, start) = (0, 0);
        for (var i = 0; i < body.Length; i++)
        {
            depth += body[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (body[i] != ',' || depth != 0) continue;
            yield return body[start..i].Trim();
            start = i + 1;
        }
        yield return body[start..].Trim();
    }

    /// <summary><c>[dbo].[credit_awards]</c>, <c>credit_awards</c> or <c>"credit_awards"</c>: credit_awards.</summary>
    private static string Name(string name) => name.Split('.')[^1].Trim().Trim('[', ']', '"');

    private static List<string> Columns(string list) =>
        list.Split(',').Select(c => Regex.Replace(c.Trim(), @"\s+(ASC|DESC)$", "", RegexOptions.IgnoreCase)).Select(Name).ToList();

    private sealed class TableBuilder(string name)
    {
        public string Name => name;
        public List<ColumnShape> Columns { get; } = [];
        public KeyShape? PrimaryKey { get; set; }
        public List<IndexShape> Indexes { get; } = [];
        public List<ForeignKeyShape> ForeignKeys { get; } = [];

        public TableShape Build() => new(name, Columns, PrimaryKey, Indexes, ForeignKeys);
    }

    private const string Identifier = @"(?:\[[^\]]+\]|""[^""]+""|[\w$#@]+)";
    private const string QualifiedName = $@"{Identifier}(?:\.{Identifier})*";

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"^(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE|EXEC|EXECUTE|SET|DECLARE|IF|BEGIN|GO)\b", RegexOptions.IgnoreCase)]
    private static partial Regex StatementStart();

    [GeneratedRegex($@"^CREATE\s+TABLE\s+(?<table>{QualifiedName})\s*\((?<body>.*)\)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex CreateTable();

    [GeneratedRegex($@"^CREATE\s+(?<unique>UNIQUE\s+)?(?:(?:NON)?CLUSTERED\s+)?INDEX\s+(?<name>{Identifier})\s+ON\s+(?<table>{QualifiedName})\s*\((?<columns>[^)]*)\)(?:\s+WHERE\s+(?<filter>.+?))?(?:\s+WITH\s*\(.*\))?$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex CreateIndex();

    [GeneratedRegex($@"^ALTER\s+TABLE\s+(?<table>{QualifiedName})\s+ADD\s+CONSTRAINT\s+(?<name>{Identifier})\s+FOREIGN\s+KEY\s*\((?<columns>[^)]*)\)\s*REFERENCES\s+(?<principal>{QualifiedName})\s*\((?<principalColumns>[^)]*)\)(?<rest>.*)$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AddForeignKey();

    [GeneratedRegex($@"^ALTER\s+TABLE\s+(?<table>{QualifiedName})\s+ADD\s+(?!CONSTRAINT\b)(?<definition>.+)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AddColumn();

    /// <summary>A later migration's DROP TABLE: the table leaves the shape.</summary>
    [GeneratedRegex($@"^DROP\s+TABLE\s+(?<table>{QualifiedName})$", RegexOptions.IgnoreCase)]
    private static partial Regex DropTable();

    /// <summary>A later migration's DROP INDEX name ON table.</summary>
    [GeneratedRegex($@"^DROP\s+INDEX\s+(?<name>{Identifier})\s+ON\s+(?<table>{QualifiedName})$", RegexOptions.IgnoreCase)]
    private static partial Regex DropIndex();

    [GeneratedRegex(@"^INSERT\s+INTO\s+", RegexOptions.IgnoreCase)]
    private static partial Regex InsertVersion();

    [GeneratedRegex($@"^(?:CONSTRAINT\s+(?<name>{Identifier})\s+)?PRIMARY\s+KEY\s+(?:(?:NON)?CLUSTERED\s+)?\((?<columns>[^)]*)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex PrimaryKeyConstraint();

    [GeneratedRegex($@"^(?:CONSTRAINT\s+(?<name>{Identifier})\s+)?UNIQUE\s+(?:(?:NON)?CLUSTERED\s+)?\((?<columns>[^)]*)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex UniqueConstraint();

    [GeneratedRegex($@"^(?:CONSTRAINT\s+(?<name>{Identifier})\s+)?FOREIGN\s+KEY\s*\((?<columns>[^)]*)\)\s*REFERENCES\s+(?<principal>{QualifiedName})\s*\((?<principalColumns>[^)]*)\)(?<rest>.*)$",
        RegexOptions.IgnoreCase)]
    private static partial Regex ForeignKeyConstraint();

    /// <summary>A column: its name, its type (up to the first constraint keyword), and its constraints.</summary>
    [GeneratedRegex($@"^(?<name>{Identifier})\s+(?<type>.+?)(?<rest>(?:\s+(?:NOT\s+NULL|NULL|IDENTITY|PRIMARY|CONSTRAINT|DEFAULT|UNIQUE|COLLATE|REFERENCES)\b.*)?)$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ColumnDefinition();
}
