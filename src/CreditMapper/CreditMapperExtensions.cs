using Hangfire;
using MicroCredLti.CreditMapper.Awards;
using MicroCredLti.CreditMapper.Programs;
using MicroCredLti.CreditMapper.Registrar;
using MicroCredLti.CreditMapper.Storage;
using MicroCredLti.CreditMapper.Sweep;
using MicroCredLti.ServiceDefaults;
using MicroCredLti.ServiceDefaults.ApiAccess;
using MicroCredLti.ServiceDefaults.Placements;
using MicroCredLti.ServiceDefaults.Storage;
using MicroCredLti.XapiCollector.Erasure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MicroCredLti.CreditMapper;

public static class CreditMapperExtensions
{
    /// <summary>The scope a registrar system's token needs to read credits.</summary>
    public const string CreditsScope = "registrar.credits";

    /// <summary>Where registrar clients were configured before API access was shared; still read (see README, "API access").</summary>
    public const string EarlierRegistrarSection = "Registrar";

    /// <summary>Programs, the credit sweep job and the awards it writes. Needs the xAPI collector's feed.</summary>
    public static IServiceCollection AddCreditMapper(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<CreditMapperOptions, CreditMapperOptionsValidator>(configuration, CreditMapperOptions.Section)
            .PostConfigure(o => o.ProgramsFile = o.ProgramsFile is { Length: > 0 } path ? CreditMapperOptions.ResolvePath(path) : null);
        services.AddModuleStorage<CreditDbContext>(CreditSchema.Schema);
        services.AddModuleSeeder<ProgramCatalogSeeder>();
        services.AddScoped<CreditSweep>();
        services.AddScoped<IEvidenceCitations, AwardCitations>();
        services.AddScoped<IPlacementCatalog, ProgramPlacements>();
        services.AddScoped<IProgressSource, ProgramProgress>();
        // Declared in every role, so API clients configured with it validate wherever the token server runs.
        services.AddApiScope(CreditsScope, "Read the credits awarded, from the registrar feed.");
        services.AddEarlierApiAccessSection(configuration, EarlierRegistrarSection, CreditsScope);
        return services;
    }

    /// <summary>Registers the recurring credit sweep with Hangfire; for the hosts that run the worker role.</summary>
    public static IServiceCollection AddCreditSweepSchedule(this IServiceCollection services)
    {
        services.AddHostedService<CreditSweepSchedule>();
        return services;
    }

    /// <summary>The registrar's pull API; its callers authenticate with the product's API token server.</summary>
    public static IServiceCollection AddRegistrarFeed(this IServiceCollection services)
    {
        services.AddScoped<RegistrarFeed>();
        return services;
    }

    /// <summary><c>GET /registrar/credits</c>, for tokens that grant <see cref="CreditsScope"/>.</summary>
    public static IEndpointRouteBuilder MapRegistrarFeed(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/registrar").WithTags("Registrar").RequireApiScope(CreditsScope)
            .MapGet("/credits", RegistrarEndpoints.GetCreditsAsync);
        return app;
    }
}

internal sealed class CreditSweepSchedule(IRecurringJobManager jobs, IOptions<CreditMapperOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<CreditSweep>(CreditSweep.RecurringJobId, sweep => sweep.RunAsync(CancellationToken.None), options.Value.SweepCron);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
