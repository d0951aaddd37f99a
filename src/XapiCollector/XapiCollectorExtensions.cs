using MicroCredLti.ServiceDefaults;
using MicroCredLti.ServiceDefaults.ApiAccess;
using MicroCredLti.ServiceDefaults.Storage;
using MicroCredLti.XapiCollector.Activities;
using MicroCredLti.XapiCollector.Agents;
using MicroCredLti.XapiCollector.Attachments;
using MicroCredLti.XapiCollector.Credentials;
using MicroCredLti.XapiCollector.Documents;
using MicroCredLti.XapiCollector.Erasure;
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

    /// <summary>The CORS policy of the xAPI resources: content in any browser origin may call them with its LRS credentials.</summary>
    public const string CorsPolicy = "xapi-browser-content";

    /// <summary>
    /// The learning record store's services: statement storage, the statement feed other modules read,
    /// learner identity, and LRS client authentication, over the collector's own tables.
    /// </summary>
    public static IServiceCollection AddXapiCollector(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<XapiCollectorOptions, XapiCollectorOptionsValidator>(configuration, XapiCollectorOptions.Section);
        services.AddProblemTypes(typeof(XapiProblems));
        services.AddProblemTypes(typeof(DocumentProblems));
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
        services.AddScoped<DocumentStore>();
        services.AddScoped<ActivityDirectory>();
        services.AddScoped<StatementErasure>();

        services.AddSingleton<LrsCredentialCache>();
        services.AddSingleton<ActivityDefinitionCache>();
        services.AddSingleton<LearnerAccountCache>();
        services.AddScoped(provider => new LrsClientRegistry(provider.GetRequiredService<XapiDbContext>(), provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<LrsCredentialCache>()));

        // Browser content from any origin sends its credentials in the Authorization header, never as cookies, so any
        // origin may call; it may read the xAPI headers of the answer (xAPI 1.0.3 Part Three 1.2, 1.3 "cross-domain tracking").
        services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
            .AllowAnyOrigin().AllowAnyMethod().AllowAnyHeader()
            .WithExposedHeaders(XapiVersionFilter.Header, StatementResourceFilter.ConsistentThroughHeader, "ETag", "Last-Modified")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));

        // The admin APIs (LRS clients, erasure, LTI platforms) ask for the product's admin scope; declared in every role, like every scope.
        services.AddApiScope(ApiScope.Admin, "Administer the product: LRS clients, erasure and retention, LTI platforms.");
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, LrsBasicAuthentication>(LrsBasicAuthentication.SchemeName, null);
        var policies = services.AddAuthorizationBuilder().AddPolicy(ClientPolicy, policy =>
            policy.AddAuthenticationSchemes(LrsBasicAuthentication.SchemeName).RequireAuthenticatedUser());
        foreach (var scope in LrsScopes.Known)
            foreach (var reading in new[] { false, true })
                policies.AddPolicy(reading ? ReadPolicy(scope) : ScopePolicy(scope), policy => policy
                    .AddAuthenticationSchemes(LrsBasicAuthentication.SchemeName)
                    .RequireAuthenticatedUser()
                    .RequireAssertion(context => LrsScopes.Allows(context.User.FindAll(LrsScopes.Claim).Select(c => c.Value), scope, reading)));
        return services;
    }

    /// <summary>The authorization policy a client meets when its scopes allow <paramref name="scope"/> (see <see cref="LrsScopes"/>).</summary>
    public static string ScopePolicy(string scope) => $"xapi-scope:{scope}";

    /// <summary>The policy for reading what <paramref name="scope"/> covers, which <c>all/read</c> also grants.</summary>
    public static string ReadPolicy(string scope) => $"xapi-scope-read:{scope}";

    /// <summary>
    /// Rewrites requests in xAPI 1.0.3's alternate request syntax into the requests they stand for. It changes the method a
    /// request is routed by, so it runs before routing; CORS and authentication come after routing.
    /// </summary>
    public static IApplicationBuilder UseXapiCollector(this IApplicationBuilder app) => app.UseMiddleware<AlternateRequestSyntax>();

    /// <summary>
    /// The xAPI resources under <c>/xapi</c>, and the admin API over LRS clients under <c>/admin/lrs-clients</c>, whose
    /// callers authenticate with the product's API token server (<c>AddApiAccess</c>).
    /// </summary>
    public static IEndpointRouteBuilder MapXapiCollector(this IEndpointRouteBuilder app)
    {
        var xapi = app.MapGroup("/xapi").WithTags("xAPI").RequireCors(CorsPolicy).AddEndpointFilter<HeadRequestFilter>();
        // Anonymous and without the version header, so a client can find out which versions to send (Part Three 2.8).
        xapi.MapMethods("/about", [HttpMethods.Get, HttpMethods.Head],
            () => TypedResults.Ok(new { version = XapiVersionFilter.Supported, extensions = new { } }));

        var statements = xapi.MapGroup("/statements")
            .RequireAuthorization(ClientPolicy)
            .AddEndpointFilter<StatementResourceFilter>()
            .AddEndpointFilter<XapiVersionFilter>();
        statements.MapPost("", StatementEndpoints.PostAsync).RequireAuthorization(ScopePolicy(LrsScopes.StatementsWrite));
        statements.MapPut("", StatementEndpoints.PutAsync).RequireAuthorization(ScopePolicy(LrsScopes.StatementsWrite));
        statements.MapMethods("", [HttpMethods.Get, HttpMethods.Head], StatementEndpoints.GetAsync)
            .RequireAuthorization(ScopePolicy(LrsScopes.StatementsReadMine));

        var resources = xapi.MapGroup("")
            .RequireAuthorization(ClientPolicy)
            .AddEndpointFilter<XapiVersionFilter>();
        resources.MapDocumentResources();
        resources.MapActivitiesResource();
        resources.MapAgentsResource();

        app.MapLrsClientAdmin();
        app.MapErasureAdmin();
        return app;
    }
}
