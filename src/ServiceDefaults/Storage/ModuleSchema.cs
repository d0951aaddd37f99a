namespace MicroCredLti.ServiceDefaults.Storage;

/// <summary>
/// A module's own schema: its FluentMigrator migrations, listed by the module, and the version table that records
/// which of them ran. Modules register one each; the host migrates them all without knowing their tables.
/// </summary>
public sealed record ModuleSchema(string Module, string VersionTable, IReadOnlyList<Type> Migrations);

/// <summary>Work a module does once its schema is current: writing configured clients, platforms or programs.</summary>
public interface IModuleSeeder
{
    Task SeedAsync(CancellationToken cancellationToken);
}
