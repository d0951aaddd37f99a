using Hangfire;
using MicroCredLti.CreditMapper.Programs;
using MicroCredLti.CreditMapper.Registrar;
using MicroCredLti.CreditMapper.Storage;
using MicroCredLti.CreditMapper.Sweep;
using MicroCredLti.ServiceDefaults;
using MicroCredLti.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Validation;
using OpenIddict.Validation.AspNetCore;

namespace MicroCredLti.CreditMapper;

public static class CreditMapperExtensions
{
    public const string RegistrarPolicy = "registrar";

    /// <summary>Programs, the credit sweep job and the awards it writes. Needs the xAPI collector's feed.</summary>
    public static IServiceCollection AddCreditMapper(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<CreditMapperOptions, CreditMapperOptionsValidator>(configuration, CreditMapperOptions.Section)
            .PostConfigure(o => o.ProgramsFile = o.ProgramsFile is { Length: > 0 } path ? CreditMapperOptions.ResolvePath(path) : null);
        services.AddModuleStorage<CreditDbContext>(CreditSchema.Schema);
        services.AddModuleSeeder<ProgramCatalogSeeder>();
        services.AddScoped<CreditSweep>();
        return services;
    }

    /// <summary>Registers the recurring credit sweep with Hangfire; for the hosts that run the worker role.</summary>
    public static IServiceCollection AddCreditSweepSchedule(this IServiceCollection services)
    {
        services.AddHostedService<CreditSweepSchedule>();
        return services;
    }

    /// <summary>The registrar's pull API and the OAuth 2.0 client-credentials token server (OpenIddict) that guards it.</summary>
    public static IServiceCollection AddRegistrarFeed(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RegistrarOptions, RegistrarOptionsValidator>(configuration, RegistrarOptions.Section);
        var registrar = configuration.GetSection(RegistrarOptions.Section).Get<RegistrarOptions>() ?? new RegistrarOptions();

        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<CreditDbContext>())
            .AddServer(server =>
            {
                server.SetTokenEndpointUris("connect/token");
                server.AllowClientCredentialsFlow();
                server.RegisterScopes(RegistrarOptions.CreditsScope);
                server.SetAccessTokenLifetime(registrar.AccessTokenLifetime);
                // Client-credentials tokens are self-contained; nothing needs to look them up or revoke them one by one.
                server.DisableTokenStorage();
                server.DisableAuthorizationStorage();
                var aspNetCore = server.UseAspNetCore().EnableTokenEndpointPassthrough();
                if (registrar.AllowInsecureHttp) aspNetCore.DisableTransportSecurityRequirement();
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseAspNetCore();
            });
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, RegistrarKeys>();
        services.AddKeyPurpose(RegistrarKeys.TokenSigning).AddKeyPurpose(RegistrarKeys.TokenEncryption);
        services.AddKeyRingRefresh<OpenIddictServerOptions>();
        services.AddKeyRingRefresh<OpenIddictValidationOptions>();
        services.AddScoped<RegistrarFeed>();
        services.AddModuleSeeder<RegistrarClientSeeder>();

        services.AddAuthentication();
        services.AddAuthorizationBuilder().AddPolicy(RegistrarPolicy, policy => policy
            .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireAssertion(context => context.User.HasClaim(c =>
                c.Type == OpenIddict.Abstractions.OpenIddictConstants.Claims.Private.Scope && c.Value == RegistrarOptions.CreditsScope)));
        return services;
    }

    public static IEndpointRouteBuilder MapRegistrarFeed(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connect/token", RegistrarEndpoints.IssueTokenAsync).ExcludeFromDescription();
        app.MapGroup("/registrar").WithTags("Registrar").RequireAuthorization(RegistrarPolicy)
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
