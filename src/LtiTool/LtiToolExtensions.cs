using MicroCredLti.LtiTool.Keys;
using MicroCredLti.LtiTool.Launch;
using MicroCredLti.LtiTool.Registration;
using MicroCredLti.LtiTool.Storage;
using MicroCredLti.ServiceDefaults;
using MicroCredLti.ServiceDefaults.Keys;
using MicroCredLti.ServiceDefaults.Storage;
using System.Threading.RateLimiting;
using MicroCredLti.LtiTool.Services;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MicroCredLti.LtiTool;

public static class LtiToolExtensions
{
    public const string LoginRateLimitPolicy = "lti-login";

    /// <summary>The LTI 1.3 tool: platform registrations, OIDC login, launch validation and the tool's keys.</summary>
    public static IServiceCollection AddLtiTool(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<LtiToolOptions, LtiToolOptionsValidator>(configuration, LtiToolOptions.Section);
        services.AddProblemTypes(typeof(LtiProblems));
        services.AddModuleStorage<LtiDbContext>(LtiSchema.Schema);
        services.AddModuleSeeder<PlatformSeeder>();
        services.AddKeyPurpose(ToolKeys.Signing);

        services.AddHttpClient(PlatformKeySets.HttpClientName).ConfigureHttpClient((provider, client) =>
            client.Timeout = provider.GetRequiredService<IOptions<LtiToolOptions>>().Value.PlatformRequestTimeout);
        services.AddSingleton<PlatformKeySets>();
        // Platform services (AGS, NRPS) retry what a busy LMS answers: 429 and 5xx (honouring Retry-After), and Canvas's
        // rate limit, a 403 with X-Rate-Limit-Remaining: 0; each call within the platform request timeout.
        services.AddHttpClient(PlatformAccessTokens.HttpClientName).AddResilienceHandler("lti-services", (pipeline, context) =>
        {
            var timeout = context.ServiceProvider.GetRequiredService<IOptions<LtiToolOptions>>().Value.PlatformRequestTimeout;
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 4,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                ShouldHandle = args => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome)
                    || args.Outcome.Result is { StatusCode: System.Net.HttpStatusCode.Forbidden } forbidden
                        && forbidden.Headers.TryGetValues("X-Rate-Limit-Remaining", out var remaining) && remaining.FirstOrDefault() is "0" or "0.0"),
            });
            pipeline.AddTimeout(timeout);
        });
        services.AddSingleton<PlatformAccessTokens>();
        services.AddSingleton(provider => new PlatformServiceClient(provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<PlatformAccessTokens>()));
        services.AddSingleton(provider => new AssignmentGradeService(provider.GetRequiredService<PlatformServiceClient>()));
        services.AddSingleton(provider => new NamesRoleService(provider.GetRequiredService<PlatformServiceClient>()));
        services.AddSingleton<PlacementRecorder.Seen>();
        services.AddScoped<PlacementRecorder>();
        services.AddScoped(provider => new GradebookSync(provider.GetRequiredService<LtiDbContext>(),
            provider.GetRequiredService<MicroCredLti.ServiceDefaults.Placements.IProgressSource>(), provider.GetRequiredService<AssignmentGradeService>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<GradebookSync>>()));
        services.AddScoped<PlatformRegistry>();
        services.AddSingleton<PlatformCache>();
        services.AddScoped(provider => new PlatformDirectory(provider.GetRequiredService<LtiDbContext>(),
            provider.GetRequiredService<IOptions<LtiToolOptions>>(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<PlatformCache>()));
        services.AddScoped<DynamicRegistration>();
        services.AddScoped<LoginStateStore>();
        services.AddScoped<LaunchValidator>();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(LoginRateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = http.RequestServices.GetRequiredService<IOptions<LtiToolOptions>>().Value.LoginsPerMinutePerAddress,
                    Window = TimeSpan.FromMinutes(1),
                }));
            limiter.OnRejected = (context, cancellationToken) => LaunchEndpoints.RefuseLoginAsync(context.HttpContext, context.Lease, cancellationToken);
        });
        return services;
    }

    public static IEndpointRouteBuilder MapLtiTool(this IEndpointRouteBuilder app)
    {
        var lti = app.MapGroup("/lti").WithTags("LTI")
            .AddEndpointFilter<HtmlProblemFilter>()
            .DisableAntiforgery(); // the LMS posts login and launch cross-site by design; state and nonce protect them
        lti.MapMethods("/login", ["GET", "POST"], LaunchEndpoints.InitiateLoginAsync)
            .RequireRateLimiting(LoginRateLimitPolicy)
            .WithFormOptions(valueCountLimit: 64, keyLengthLimit: 256, valueLengthLimit: 16 * 1024)
            .WithMetadata(new RequestSizeLimitAttribute(64 * 1024));
        // A launch is a few fields, one of them the id_token: what is much larger is not a launch, and is refused before it is read.
        lti.MapPost("/launch", LaunchEndpoints.LaunchAsync)
            .WithFormOptions(valueCountLimit: 64, keyLengthLimit: 256, valueLengthLimit: 1024 * 1024)
            .WithMetadata(new RequestSizeLimitAttribute(1024 * 1024));
        lti.MapPost("/deep-linking", DeepLinking.RespondAsync)
            .WithFormOptions(valueCountLimit: 256, keyLengthLimit: 256, valueLengthLimit: 16 * 1024)
            .WithMetadata(new RequestSizeLimitAttribute(256 * 1024));
        lti.MapGet("/register", DynamicRegistration.StartAsync);
        lti.MapGet("/config/{platform}", ToolConfiguration.For);
        lti.MapGet("/jwks", async (IKeyRing keys, CancellationToken cancellationToken) =>
            TypedResults.Json((await keys.GetAsync(ToolKeys.Signing, cancellationToken)).ToJwks(), contentType: "application/jwk-set+json"));
        app.MapPlatformAdmin();
        return app;
    }
}
