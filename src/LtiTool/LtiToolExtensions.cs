using MicroCredLti.LtiTool.Keys;
using MicroCredLti.LtiTool.Launch;
using MicroCredLti.LtiTool.Registration;
using MicroCredLti.LtiTool.Storage;
using MicroCredLti.ServiceDefaults;
using MicroCredLti.ServiceDefaults.Keys;
using MicroCredLti.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;

namespace MicroCredLti.LtiTool;

public static class LtiToolExtensions
{
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
        services.AddScoped<PlatformRegistry>();
        services.AddScoped<LoginStateStore>();
        services.AddScoped<LaunchValidator>();
        return services;
    }

    public static IEndpointRouteBuilder MapLtiTool(this IEndpointRouteBuilder app)
    {
        var lti = app.MapGroup("/lti").WithTags("LTI")
            .AddEndpointFilter<HtmlProblemFilter>()
            .DisableAntiforgery(); // the LMS posts login and launch cross-site by design; state and nonce protect them
        lti.MapMethods("/login", ["GET", "POST"], LaunchEndpoints.InitiateLoginAsync);
        lti.MapPost("/launch", LaunchEndpoints.LaunchAsync);
        lti.MapGet("/jwks", async (IKeyRing keys, CancellationToken cancellationToken) =>
            TypedResults.Json((await keys.GetAsync(ToolKeys.Signing, cancellationToken)).ToJwks(), contentType: "application/jwk-set+json"));
        return app;
    }
}
