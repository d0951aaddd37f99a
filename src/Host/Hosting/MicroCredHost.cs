using Hangfire;
using MicroCredLti.CreditMapper;
using MicroCredLti.LtiTool;
using MicroCredLti.ServiceDefaults;
using MicroCredLti.ServiceDefaults.ApiAccess;
using MicroCredLti.ServiceDefaults.Storage;
using MicroCredLti.XapiCollector;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;

namespace MicroCredLti.Host.Hosting;

/// <summary>
/// Composes the three modules into one host, with the parts its roles call for. Each module brings its own storage,
/// migrations, seeding and health check; the host names none of their tables.
/// </summary>
public static class MicroCredHost
{
    public static WebApplicationBuilder AddMicroCred(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        var roles = HostRoleSettings.Parse(configuration[HostRoleSettings.Key]);
        var roleSet = new HostRoleSet(roles);
        services.AddSingleton(roleSet);

        services.AddServiceDefaults(configuration);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.Configure<ForwardedHeadersOptions>(options => ProxySettings.Apply(configuration, options));

        // Every role can record statements (the LTI front records launches), so every role has the collector's services.
        services.AddXapiCollector(configuration);
        services.AddCreditMapper(configuration);
        services.AddLtiTool(configuration);
        if (roleSet.ServesApiClients)
            services.AddApiAccess(configuration);
        if (roles.HasFlag(HostRoles.Registrar))
            services.AddRegistrarFeed();
        if (roles.HasFlag(HostRoles.Worker))
        {
            services.AddHangfire((provider, hangfire) => hangfire
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseJobStorage(provider.GetRequiredService<ModuleDatabase>()));
            services.AddHangfireServer(server =>
            {
                server.WorkerCount = Math.Max(2, Environment.ProcessorCount);
                server.SchedulePollingInterval = configuration.GetValue("MicroCred:Worker:SchedulePollingInterval", TimeSpan.FromSeconds(15));
            });
            services.AddCreditSweepSchedule();
            services.AddHostedService<GradebookSyncSchedule>();
        }
        return builder;
    }

    public static WebApplication MapMicroCred(this WebApplication app)
    {
        var roleSet = app.Services.GetRequiredService<HostRoleSet>();
        var roles = roleSet.Roles;
        app.UseForwardedHeaders(); // first: every part after it sees the scheme and host the browser used
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (roles.HasFlag(HostRoles.Lrs)) app.UseXapiCollector(); // rewrites some requests' method, so before routing
        app.UseRouting();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ModuleStorageExtensions.ReadinessTag) });
        app.MapGet("/", () => TypedResults.Ok(new { product = "MicroCred LTI", roles = roles.ToString() }));
        app.MapProblemCatalogue();

        if (roleSet.ServesApiClients) app.MapApiAccess();
        if (roles.HasFlag(HostRoles.Lti)) app.MapLtiTool();
        if (roles.HasFlag(HostRoles.Lrs)) app.MapXapiCollector();
        if (roles.HasFlag(HostRoles.Registrar)) app.MapRegistrarFeed();
        return app;
    }
}

public sealed record HostRoleSet(HostRoles Roles)
{
    /// <summary>
    /// Whether a role serves an API to machines, which then authenticate with the token server at <c>/connect/token</c>:
    /// the registrar's feed, the LRS's admin API, and the LTI front's platform admin API.
    /// </summary>
    public bool ServesApiClients => (Roles & (HostRoles.Registrar | HostRoles.Lrs | HostRoles.Lti)) != 0;
}
