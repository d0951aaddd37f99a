using System.Text.RegularExpressions;
using MicroCredLti.CreditMapper.Storage;
using MicroCredLti.LtiTool.Storage;
using MicroCredLti.ServiceDefaults.ApiAccess;
using MicroCredLti.ServiceDefaults.Keys;
using MicroCredLti.ServiceDefaults.Storage;
using MicroCredLti.Tests.Infrastructure;
using MicroCredLti.XapiCollector.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.EntityFrameworkCore.Scaffolding.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using InfrastructureStorage = MicroCredLti.Tests.Infrastructure.Storage;

namespace MicroCredLti.Tests.Schemas;

/// <summary>
/// Each module's storage as the host sets it up: its FluentMigrator schema and its DbContext, configured by the
/// product's own <see cref="ModuleDatabase"/> (provider plus snake_case naming).
/// </summary>
internal sealed record ModuleStore(string Module, ModuleSchema Schema, Func<StorageOptions, DbContext> CreateContext)
{
    public static readonly IReadOnlyList<ModuleStore> All =
    [
        Of<XapiDbContext>(XapiSchema.Schema, options => new XapiDbContext(options)),
        Of<CreditDbContext>(CreditSchema.Schema, options => new CreditDbContext(options)),
        Of<LtiDbContext>(LtiSchema.Schema, options => new LtiDbContext(options)),
        Of<KeyRingDbContext>(KeyRingSchema.Schema, options => new KeyRingDbContext(options)),
        Of<ApiAccessDbContext>(ApiAccessSchema.Schema, options => new ApiAccessDbContext(options)),
    ];

    public static ModuleStore Named(string module) => All.Single(m => m.Module == module);

    /// <summary>The tables the module's EF Core model maps on the given database, as the design-time model describes them.</summary>
    public SchemaShape ExpectedShape(StorageOptions storage, StoreTypes types)
    {
        using var context = CreateContext(storage);
        return SchemaShape.FromModel(context.GetService<IDesignTimeModel>().Model.GetRelationalModel(), types);
    }

    /// <summary>Runs the module's migrations, and only those, as the host's <see cref="SchemaMigrator"/> does.</summary>
    public void Migrate(StorageOptions storage) =>
        new SchemaMigrator(Options.Create(storage), [Schema], NullLoggerFactory.Instance).MigrateAll();

    private static ModuleStore Of<TContext>(ModuleSchema schema, Func<DbContextOptions<TContext>, TContext> create) where TContext : DbContext =>
        new(schema.Module, schema, storage =>
        {
            var options = new DbContextOptionsBuilder<TContext>();
            new ModuleDatabase(Options.Create(storage)).Configure(options);
            return create(options.Options);
        });
}

/// <summary>Where a test database is, and EF Core's scaffolding reader for what it holds.</summary>
internal static class TestStorage
{
    /// <summary>The product's storage options for the test database, read from the same settings the host gets.</summary>
    public static StorageOptions OptionsFor(TestDatabase database) =>
        new ConfigurationBuilder().AddInMemoryCollection(database.Settings).Build()
            .GetSection(StorageOptions.Section).Get<StorageOptions>()!;

    public static StoreTypes Types(InfrastructureStorage storage) => storage switch
    {
        InfrastructureStorage.Sqlite => StoreTypes.Sqlite,
        InfrastructureStorage.PostgreSql => StoreTypes.PostgreSql,
        _ => throw new ArgumentOutOfRangeException(nameof(storage)),
    };

    /// <summary>The database's schema as `dotnet ef dbcontext scaffold` would read it.</summary>
    public static DatabaseModel Read(StorageOptions storage)
    {
        var services = new ServiceCollection().AddEntityFrameworkDesignTimeServices();
#pragma warning disable EF1001 // the providers' design-time services are public types in their Internal namespaces
        IDesignTimeServices provider = storage.Provider switch
        {
            DatabaseProvider.Sqlite => new Microsoft.EntityFrameworkCore.Sqlite.Design.Internal.SqliteDesignTimeServices(),
            DatabaseProvider.PostgreSql => new Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal.NpgsqlDesignTimeServices(),
            _ => throw new ArgumentOutOfRangeException(nameof(storage), storage.Provider, "No database to read here."),
        };
#pragma warning restore EF1001
        provider.ConfigureDesignTimeServices(services);
        using var scope = services.BuildServiceProvider();
        var database = scope.GetRequiredService<IDatabaseModelFactory>().Create(storage.EffectiveConnectionString, new DatabaseModelFactoryOptions());
        if (storage.Provider == DatabaseProvider.Sqlite) ReadSqliteIndexFilters(database, storage.EffectiveConnectionString);
        return database;
    }

    /// <summary>EF Core's SQLite reader leaves out partial indexes' WHERE clauses; SQLite keeps them in the index's CREATE statement.</summary>
    private static void ReadSqliteIndexFilters(DatabaseModel database, string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var where = Regex.Match(reader.GetString(2), @"\)\s+WHERE\s+(?<filter>.+)$", RegexOptions.IgnoreCase | RegexOptions.Singleline);
            var index = database.Tables.SingleOrDefault(t => t.Name == reader.GetString(0))?.Indexes.SingleOrDefault(i => i.Name == reader.GetString(1));
            if (where.Success && index is not null) index.Filter = where.Groups["filter"].Value.Trim();
        }
        SqliteConnection.ClearPool(connection);
    }
}
