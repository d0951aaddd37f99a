using MicroCredLti.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MicroCredLti.ServiceDefaults.ApiAccess;

/// <summary>
/// Machine access to the product's APIs: one OAuth 2.0 client-credentials token server (OpenIddict) for every module.
/// Modules declare the scopes their APIs need (<see cref="AddApiScope"/>) and guard their endpoints with
/// <see cref="RequireApiScope{TBuilder}"/>; the host runs the token server (<see cref="AddApiAccess"/>, <see cref="MapApiAccess"/>)
/// in every role that serves such an API. Its tables are migrated with every other module's, whatever the role.
/// </summary>
public static class ApiAccessExtensions
{
    /// <summary>Declares a scope a module's API asks for, so the token server issues it and clients may be granted it.</summary>
    public static IServiceCollection AddApiScope(this IServiceCollection services, string name, string description) =>
        services.AddSingleton(new ApiScope(name, description));

    /// <summary>
    /// Reads an earlier settings section of <see cref="ApiAccessOptions"/>' shape as well (<c>Clients</c> with ClientId,
    /// ClientSecret and DisplayName; <c>AccessTokenLifetime</c>; <c>AllowInsecureHttp</c>), so that deployments configured
    /// before API access was shared keep working: its clients are API clients granted <paramref name="scopes"/>, and its
    /// settings apply where <c>ApiAccess</c> sets none.
    /// </summary>
    public static IServiceCollection AddEarlierApiAccessSection(this IServiceCollection services, IConfiguration configuration,
        string section, params string[] scopes) =>
        services.AddSingleton<IConfigureOptions<ApiAccessOptions>>(new EarlierApiAccessSection(configuration, section, scopes));

    /// <summary>
    /// The token server at <c>/connect/token</c> (client credentials only; tokens are self-contained, signed and encrypted
    /// with the key ring's <c>api.token-*</c> keys) and validation of its bearer tokens, for the roles that serve an API
    /// to machines. Calling it again adds nothing.
    /// </summary>
    public static IServiceCollection AddApiAccess(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ImplementationType == typeof(ApiClientSeeder))) return services;

        services.AddValidatedOptions<ApiAccessOptions, ApiAccessOptionsValidator>(configuration, ApiAccessOptions.Section);
        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<ApiAccessDbContext>())
            .AddServer(server =>
            {
                server.SetTokenEndpointUris(TokenEndpoint.Path.TrimStart('/'));
                server.AllowClientCredentialsFlow();
                // Client-credentials tokens are self-contained; nothing needs to look them up or revoke them one by one.
                server.DisableTokenStorage();
                server.DisableAuthorizationStorage();
                server.UseAspNetCore().EnableTokenEndpointPassthrough();
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseAspNetCore();
            });
        // Scopes, lifetime, transport security and keys come from settings, the modules' declarations and the key ring.
        services.AddSingleton<ApiTokenServer>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(provider => provider.GetRequiredService<ApiTokenServer>());
        services.AddSingleton<IConfigureOptions<OpenIddictServerAspNetCoreOptions>>(provider => provider.GetRequiredService<ApiTokenServer>());
        services.AddKeyPurpose(ApiTokenServer.TokenSigning).AddKeyPurpose(ApiTokenServer.TokenEncryption);
        services.AddKeyRingRefresh<OpenIddictServerOptions>();
        services.AddKeyRingRefresh<OpenIddictValidationOptions>();
        services.AddModuleSeeder<ApiClientSeeder>();
        services.AddAuthentication();
        return services;
    }

    /// <summary>The OAuth 2.0 token endpoint, <c>POST /connect/token</c>.</summary>
    public static IEndpointRouteBuilder MapApiAccess(this IEndpointRouteBuilder app)
    {
        app.MapPost(TokenEndpoint.Path, TokenEndpoint.IssueAsync).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The endpoints need a bearer token from the token server that grants <paramref name="scope"/>: without one (or with
    /// one that does not validate) they answer 401, with one that lacks the scope 403.
    /// </summary>
    public static TBuilder RequireApiScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy
            .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(Claims.Private.Scope, scope));

    internal static IServiceCollection AddApiAccessStorage(this IServiceCollection services) =>
        services.AddModuleStorage<ApiAccessDbContext>(ApiAccessSchema.Schema);

    private sealed class EarlierApiAccessSection(IConfiguration configuration, string section, string[] scopes) : IConfigureOptions<ApiAccessOptions>
    {
        public void Configure(ApiAccessOptions options)
        {
            var earlier = configuration.GetSection(section);
            var clients = earlier.GetSection(nameof(ApiAccessOptions.Clients)).Get<List<ApiClient>>() ?? [];
            for (var i = 0; i < clients.Count; i++)
            {
                clients[i].Scopes = [.. scopes];
                options.EarlierClients.Add(($"{section}:{nameof(ApiAccessOptions.Clients)}:{i}", clients[i]));
            }
            var current = configuration.GetSection(ApiAccessOptions.Section);
            if (string.IsNullOrEmpty(current[nameof(ApiAccessOptions.AccessTokenLifetime)])
                && earlier.GetValue<TimeSpan?>(nameof(ApiAccessOptions.AccessTokenLifetime)) is { } lifetime)
                options.AccessTokenLifetime = lifetime;
            if (string.IsNullOrEmpty(current[nameof(ApiAccessOptions.AllowInsecureHttp)])
                && earlier.GetValue<bool?>(nameof(ApiAccessOptions.AllowInsecureHttp)) is { } insecure)
                options.AllowInsecureHttp = insecure;
        }
    }
}
