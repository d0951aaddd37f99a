using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MicroCredLti.ServiceDefaults.Storage;

public static class ModuleStorageExtensions
{
    /// <summary>
    /// Gives a module its DbContext over the deployment's database, its migrations and a readiness check. The
    /// context and its entities stay internal to the module; other modules reach its data through its interfaces.
    /// </summary>
    public static IServiceCollection AddModuleStorage<TContext>(this IServiceCollection services, ModuleSchema schema,
        Action<DbContextOptionsBuilder>? configure = null) where TContext : DbContext
    {
        services.AddSingleton(schema);
        services.AddDbContext<TContext>((provider, options) =>
        {
            provider.GetRequiredService<ModuleDatabase>().Configure(options);
            configure?.Invoke(options);
        }, optionsLifetime: ServiceLifetime.Singleton);
        services.AddHealthChecks().AddDbContextCheck<TContext>($"{schema.Module}-db", tags: [ReadinessTag]);
        return services;
    }

    /// <summary>Runs after every module's migrations, in the order modules register their seeders.</summary>
    public static IServiceCollection AddModuleSeeder<TSeeder>(this IServiceCollection services) where TSeeder : class, IModuleSeeder =>
        services.AddScoped<IModuleSeeder, TSeeder>();

    public const string ReadinessTag = "ready";
}
