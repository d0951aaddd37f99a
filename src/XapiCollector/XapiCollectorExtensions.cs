using MicroCredLti.ServiceDefaults;
using MicroCredLti.ServiceDefaults.Storage;
using MicroCredLti.XapiCollector.Attachments;
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
using Microsoft.Extensions.Logging;

namespace MicroCredLti.XapiCollector;

public static class XapiCollectorExtensions
{
    public const string ClientPolicy = "xapi-client";

    /// <summary>
    /// The learning record store's services: statement storage, the statement feed other modules read,
    /// learner identity, and LRS client authentication, over the collector's own tables.
    /// </summary>
    public static IServiceCollection AddXapiCollector(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<XapiCollectorOptions, XapiCollectorOptionsValidator>(configuration, XapiCollectorOptions.Section);
        services.AddProblemTypes(typeof(XapiProblems));
        // Concurrent batches racing to create the same learner or statement are expected and retried; a failure
        // that is not retried reaches the request's own error handling, which logs it once.
        services.AddModuleStorage<XapiDbContext>(XapiSchema.Schema, options =>
            options.ConfigureWarnings(w => w.Log((RelationalEventId.CommandError, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug))));
        services.AddModuleSeeder<LrsCredentialSeeder>();
        services.AddScoped<LearnerDirectory>();
        services.AddScoped<ILearnerDirectory>(sp => sp.GetRequiredService<LearnerDirectory>());
        services.AddScoped<StatementStore>();
        services.AddScoped<IStatementRecorder>(sp => sp.GetRequiredService<StatementStore>());
        services.AddScoped<AttachmentStore>();
        services.AddScoped<IStatementFeed, StatementFeed>();
        services.AddScoped<StatementQuery>();

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
