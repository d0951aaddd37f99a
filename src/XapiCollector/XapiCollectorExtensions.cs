using MicroCredLti.XapiCollector.Credentials;
using MicroCredLti.XapiCollector.Feed;
using MicroCredLti.XapiCollector.Learners;
using MicroCredLti.XapiCollector.Statements;
using MicroCredLti.XapiCollector.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace MicroCredLti.XapiCollector;

public static class XapiCollectorExtensions
{
    public const string ClientPolicy = "xapi-client";

    /// <summary>
    /// The learning record store's services: statement storage, the statement feed other modules read,
    /// learner identity, and LRS client authentication. The host decides which database <paramref name="useDatabase"/> opens.
    /// </summary>
    public static IServiceCollection AddXapiCollector(this IServiceCollection services, IConfiguration configuration,
        Action<DbContextOptionsBuilder> useDatabase)
    {
        services.AddOptions<XapiCollectorOptions>()
            .Bind(configuration.GetSection(XapiCollectorOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Clients.All(c => c.Key.Length > 0 && c.Secret.Length >= 16),
                "Every XapiCollector:Clients entry needs a Key and a Secret of at least 16 characters.")
            .ValidateOnStart();

        services.AddDbContext<XapiDbContext>(options =>
        {
            useDatabase(options);
            options.UseSnakeCaseNamingConvention();
            // Concurrent batches racing to create the same learner or statement are expected and retried; a failure
            // that is not retried reaches the request's own error handling, which logs it once.
            options.ConfigureWarnings(w => w.Log((RelationalEventId.CommandError, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug)));
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<LearnerDirectory>();
        services.AddScoped<ILearnerDirectory>(sp => sp.GetRequiredService<LearnerDirectory>());
        services.AddScoped<IStatementRecorder, StatementStore>();
        services.AddScoped<IStatementFeed, StatementFeed>();
        services.AddScoped<StatementQuery>();
        services.AddHostedService<LrsCredentialSeeder>();

        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, LrsBasicAuthentication>(LrsBasicAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(ClientPolicy, policy =>
            policy.AddAuthenticationSchemes(LrsBasicAuthentication.SchemeName).RequireAuthenticatedUser());
        return services;
    }

    /// <summary>The xAPI resources under <c>/xapi</c>.</summary>
    public static IEndpointRouteBuilder MapXapiCollector(this IEndpointRouteBuilder app)
    {
        var xapi = app.MapGroup("/xapi").WithTags("xAPI");
        xapi.MapGet("/about", () => TypedResults.Ok(new { version = XapiVersionFilter.Supported }));

        var statements = xapi.MapGroup("/statements")
            .RequireAuthorization(ClientPolicy)
            .AddEndpointFilter<XapiVersionFilter>();
        statements.MapPost("", StatementEndpoints.PostAsync);
        statements.MapPut("", StatementEndpoints.PutAsync);
        statements.MapGet("", StatementEndpoints.GetAsync);
        return app;
    }
}
