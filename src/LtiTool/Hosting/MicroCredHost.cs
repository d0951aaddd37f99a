using System.Text.Json;
using Hangfire;
using MicroCredLti.CreditMapper;
using MicroCredLti.CreditMapper.Storage;
using MicroCredLti.LtiTool.Storage;
using MicroCredLti.XapiCollector;
using MicroCredLti.XapiCollector.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MicroCredLti.LtiTool.Hosting;

/// <summary>Composes the three modules into one host, with the parts its roles call for.</summary>
public static class MicroCredHost
{
    public static WebApplicationBuilder AddMicroCred(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        var roles = HostRoleSettings.Parse(configuration[HostRoleSettings.Key]);
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var useDatabase = Database.Configure(storage);

        services.AddSingleton(new HostRoleSet(roles));
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddSingleton<SchemaMigrator>();
        // Registered first: hosted services start in order, and the others need the schema.
        services.AddHostedService<MigrateOnStart>();

        services.AddProblemDetails();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck<XapiDbContext>>("xapi-db", tags: ["ready"])
            .AddCheck<DatabaseHealthCheck<CreditDbContext>>("credit-db", tags: ["ready"])
            .AddCheck<DatabaseHealthCheck<LtiDbContext>>("lti-db", tags: ["ready"]);

        // Every role can record statements (the LTI front records launches), so every role has the collector's services.
        services.AddXapiCollector(configuration, useDatabase);
        services.AddCreditMapper(configuration, useDatabase);
        services.AddLtiTool(configuration, useDatabase);
        if (roles.HasFlag(HostRoles.Registrar))
            services.AddRegistrarFeed(configuration);
        if (roles.HasFlag(HostRoles.Worker))
        {
            services.AddHangfire(hangfire => hangfire
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseJobStorage(storage));
            services.AddHangfireServer(server =>
            {
                server.WorkerCount = Math.Max(2, Environment.ProcessorCount);
                server.SchedulePollingInterval = configuration.GetValue("MicroCred:Worker:SchedulePollingInterval", TimeSpan.FromSeconds(15));
            });
            services.AddCreditSweepSchedule();
        }
        return builder;
    }

    public static WebApplication MapMicroCred(this WebApplication app)
    {
        var roles = app.Services.GetRequiredService<HostRoleSet>().Roles;
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapGet("/", () => TypedResults.Ok(new { product = "MicroCred LTI", roles = roles.ToString() }));

        if (roles.HasFlag(HostRoles.Lti)) app.MapLtiTool();
        if (roles.HasFlag(HostRoles.Lrs)) app.MapXapiCollector();
        if (roles.HasFlag(HostRoles.Registrar)) app.MapRegistrarFeed();
        return app;
    }
}

public sealed record HostRoleSet(HostRoles Roles);

internal sealed class DatabaseHealthCheck<TContext>(TContext db) : IHealthCheck where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"{typeof(TContext).Name} cannot reach its database.");
}
