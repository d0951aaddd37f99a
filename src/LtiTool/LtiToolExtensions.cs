using MicroCredLti.LtiTool.Keys;
using MicroCredLti.LtiTool.Launch;
using MicroCredLti.LtiTool.Registration;
using MicroCredLti.LtiTool.Storage;
using Microsoft.EntityFrameworkCore;

namespace MicroCredLti.LtiTool;

public static class LtiToolExtensions
{
    /// <summary>The LTI 1.3 tool: platform registrations, OIDC login, launch validation and the tool's keys.</summary>
    public static IServiceCollection AddLtiTool(this IServiceCollection services, IConfiguration configuration,
        Action<DbContextOptionsBuilder> useDatabase)
    {
        services.AddOptions<LtiToolOptions>()
            .Bind(configuration.GetSection(LtiToolOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Platforms.All(p => IsUrl(p.Issuer) && p.ClientId.Length > 0 && IsUrl(p.AuthorizationEndpoint) && IsUrl(p.JwksUri)),
                "Every Lti:Platforms entry needs an Issuer, ClientId, AuthorizationEndpoint and JwksUri.")
            .ValidateOnStart();

        services.AddDbContext<LtiDbContext>(options => { useDatabase(options); options.UseSnakeCaseNamingConvention(); });
        services.AddHttpClient(PlatformKeySets.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<PlatformKeySets>();
        services.AddSingleton<ToolKeyRing>();
        services.AddScoped<PlatformRegistry>();
        services.AddScoped<LoginStateStore>();
        services.AddScoped<LaunchValidator>();
        services.AddHostedService<PlatformSeeder>();
        return services;
    }

    public static IEndpointRouteBuilder MapLtiTool(this IEndpointRouteBuilder app)
    {
        var lti = app.MapGroup("/lti").WithTags("LTI")
            .AddEndpointFilter<HtmlProblemFilter>()
            .DisableAntiforgery(); // the LMS posts login and launch cross-site by design; state and nonce protect them
        lti.MapMethods("/login", ["GET", "POST"], LaunchEndpoints.InitiateLoginAsync);
        lti.MapPost("/launch", LaunchEndpoints.LaunchAsync);
        lti.MapGet("/jwks", async (ToolKeyRing keys, CancellationToken cancellationToken) =>
            TypedResults.Json(await keys.PublicKeySetAsync(cancellationToken), contentType: "application/jwk-set+json"));
        return app;
    }

    private static bool IsUrl(string? value) => Uri.TryCreate(value, UriKind.Absolute, out _);
}
