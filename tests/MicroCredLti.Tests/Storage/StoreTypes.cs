using System.Text.RegularExpressions;

namespace MicroCredLti.Tests.Schemas;

/// <summary>How one database's column types are compared: two types that database treats alike normalise alike.</summary>
internal abstract class StoreTypes
{
    public abstract string Normalise(string storeType);

    /// <summary>
    /// SQLite stores by type affinity (https://www.sqlite.org/datatype3.html#determination_of_column_affinity), not by
    /// declared type: <c>TEXT</c> and <c>VARCHAR(200)</c> hold the same, but <c>UNIQUEIDENTIFIER</c> would get NUMERIC
    /// affinity and turn a GUID's text into a number where it can.
    /// </summary>
    public static readonly StoreTypes Sqlite = new SqliteAffinity();

    /// <summary>PostgreSQL's own names (<c>format_type</c>), so that e.g. <c>varchar(200)</c> and <c>character varying(200)</c> agree.</summary>
    public static readonly StoreTypes PostgreSql = new Aliased(new Dictionary<string, string>
    {
        ["varchar"] = "character varying",
        ["int"] = "integer",
        ["int4"] = "integer",
        ["int8"] = "bigint",
        ["int2"] = "smallint",
        ["bool"] = "boolean",
        ["float8"] = "double precision",
        ["float4"] = "real",
        ["decimal"] = "numeric",
        ["timestamptz"] = "timestamp with time zone",
        ["timestamp"] = "timestamp without time zone",
        ["bigserial"] = "bigint",
        ["serial"] = "integer",
    });

    /// <summary>SQL Server's names in lower case, with the synonyms its DDL accepts for the types EF Core maps to.</summary>
    public static readonly StoreTypes SqlServer = new Aliased(new Dictionary<string, string>
    {
        ["double precision"] = "float",
        ["float(53)"] = "float",
        ["numeric"] = "decimal",
        ["datetimeoffset(7)"] = "datetimeoffset",
        ["datetime2(7)"] = "datetime2",
        ["integer"] = "int",
        ["national character varying"] = "nvarchar",
    });

    private sealed class SqliteAffinity : StoreTypes
    {
        public override string Normalise(string storeType)
        {
            var type = storeType.ToUpperInvariant();
            if (type.Contains("INT")) return "INTEGER";
            if (type.Contains("CHAR") || type.Contains("CLOB") || type.Contains("TEXT")) return "TEXT";
            if (type.Length == 0 || type.Contains("BLOB")) return "BLOB";
            if (type.Contains("REAL") || type.Contains("FLOA") || type.Contains("DOUB")) return "REAL";
            return "NUMERIC";
        }
    }

    private sealed class Aliased(IReadOnlyDictionary<string, string> aliases) : StoreTypes
    {
        public override string Normalise(string storeType)
        {
            var type = Regex.Replace(storeType.Trim().ToLowerInvariant(), @"\s+", " ");
            type = Regex.Replace(type, @"\s*\(\s*", "(");
            type = Regex.Replace(type, @"\s*,\s*", ",");
            type = Regex.Replace(type, @"\s*\)", ")");
            if (aliases.TryGetValue(type, out var alias)) return alias;
            var match = Regex.Match(type, @"^(?<name>[a-z0-9 ]+?)(?<size>\(.*\))?$");
            return match.Success && aliases.TryGetValue(match.Groups["name"].Value, out var name) ? name + match.Groups["size"].Value : type;
        }
    }
}
