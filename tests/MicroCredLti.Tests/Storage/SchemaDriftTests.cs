using MicroCredLti.ServiceDefaults.Storage;
using MicroCredLti.Tests.Infrastructure;
using MicroCredLti.XapiCollector.Storage;

namespace MicroCredLti.Tests.Schemas;

/// <summary>
/// One schema source, checked: each module's FluentMigrator migrations are the only DDL, and what they create on every
/// supported database is what the module's EF Core model maps: the same tables and columns, column types as that
/// database stores them, nullability, primary keys, indexes and foreign keys, names included.
/// </summary>
public sealed class SchemaDriftTests
{
    public static TheoryData<string, Storage> ModulesOnEachDatabase()
    {
        var data = new TheoryData<string, Storage>();
        foreach (var module in ModuleStore.All)
        foreach (var storage in new[] { Storage.Sqlite, Storage.PostgreSql })
            data.Add(module.Module, storage);
        return data;
    }

    public static TheoryData<string> Modules() => new(ModuleStore.All.Select(m => m.Module));

    [Theory]
    [MemberData(nameof(ModulesOnEachDatabase))]
    public async Task Migrated_schema_matches_the_EF_model(string module, Storage storage)
    {
        var store = ModuleStore.Named(module);
        await using var database = await TestDatabase.CreateAsync(storage);
        var options = TestStorage.OptionsFor(database);

        store.Migrate(options);

        var types = TestStorage.Types(storage);
        var migrated = SchemaShape.FromDatabase(TestStorage.Read(options), types, excluded: store.Schema.VersionTable);
        ShouldMatch(store.ExpectedShape(options, types), migrated, $"The {module} migrations on {storage}");
    }

    [Fact]
    public void On_SQL_Server_the_learners_unique_student_id_index_is_filtered_to_non_null_ids()
    {
        // SQL Server lets a plain unique index hold one NULL: the second learner without a student id would fail.
        var (shape, _) = SqlServerScript.Generate(XapiSchema.Schema).Read(XapiSchema.Schema.VersionTable);

        var index = shape.Tables.Single(t => t.Name == XapiSchema.Learners).Indexes
            .Should().ContainSingle(i => i.Columns.SequenceEqual(new[] { "student_id" })).Which;
        index.Name.Should().Be("ux_xapi_learners_student_id");
        index.Unique.Should().BeTrue();
        index.Filter.Should().Be("student_id is not null", "student ids must be unique among the learners that have one, and only among them");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void SQL_Server_DDL_from_the_migrations_matches_the_EF_model(string module)
    {
        var store = ModuleStore.Named(module);
        var (ddl, unread) = SqlServerScript.Generate(store.Schema).Read(store.Schema.VersionTable);

        // EF Core builds its SQL Server model without connecting.
        var expected = store.ExpectedShape(new StorageOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = "Server=none" },
            StoreTypes.SqlServer);
        ShouldMatch(expected, ddl, $"The {module} migrations' SQL Server DDL", unread.Select(s => $"statement not understood: {s}"));
    }

    private static void ShouldMatch(SchemaShape expected, SchemaShape actual, string subject, IEnumerable<string>? more = null)
    {
        var differences = SchemaShape.Differences(expected, actual).Concat(more ?? []).ToList();
        Assert.True(differences.Count == 0,
            $"{subject} do not create what the module's EF Core model maps ({differences.Count} differences):\n  " + string.Join("\n  ", differences));
    }
}
