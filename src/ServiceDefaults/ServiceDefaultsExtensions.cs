using System.Security.Cryptography.X509Certificates;
using MicroCredLti.ServiceDefaults.ApiAccess;
using MicroCredLti.ServiceDefaults.Keys;
using MicroCredLti.ServiceDefaults.Problems;
using MicroCredLti.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MicroCredLti.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// What every module builds on, registered once by the host before the modules: the deployment's database and the
    /// migration of every module's schema, the key ring, the API token server's storage, and the problem catalogue with
    /// its logging.
    /// </summary>
    public static IServiceCollection AddServiceDefaults(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddValidatedOptions<StorageOptions, StorageOptionsValidator>(configuration, StorageOptions.Section);
        services.AddSingleton<ModuleDatabase>();
        services.AddSingleton<SchemaMigrator>();
        // Registered before any module's hosted services: they start in order, and the others need the schema.
        services.AddHostedService<StorageStartup>();

        services.AddValidatedOptions<KeyRingOptions, KeyRingOptionsValidator>(configuration, KeyRingOptions.Section);
        services.AddModuleStorage<KeyRingDbContext>(KeyRingSchema.Schema);
        var dataProtection = services.AddDataProtection().SetApplicationName("MicroCredLti").PersistKeysToDbContext<KeyRingDbContext>();
        var keys = configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        if (keys.DataProtectionCertificatePath is { Length: > 0 } certificate && File.Exists(certificate))
            dataProtection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(certificate, keys.DataProtectionCertificatePassword));
        services.AddSingleton<IKeyRing, KeyRing>();
        services.AddHostedService<KeyRingMaintenance>();
        // The API token server's tables are migrated in every role, like every module's: one `migrate` step covers them.
        services.AddApiAccessStorage();

        var catalogue = new ProblemCatalogue();
        catalogue.Add(typeof(CommonProblems));
        services.AddSingleton(catalogue);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            ProblemLogging.Complete(context.HttpContext, context.ProblemDetails));
        services.AddExceptionHandler<OutboundFailureHandler>();
        return services;
    }

    /// <summary>Binds a module's options and checks them with its validator when the host starts.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services,
        IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }

    /// <summary>Adds a module's catalogue class (its static <see cref="ProblemType"/> fields) to the product's problems.</summary>
    public static IServiceCollection AddProblemTypes(this IServiceCollection services, Type catalogue)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(ProblemCatalogue))?.ImplementationInstance as ProblemCatalogue
            ?? throw new InvalidOperationException("Call AddServiceDefaults before adding a module's problem types.");
        registered.Add(catalogue);
        return services;
    }

    /// <summary>A purpose the key ring keeps keys for on schedule, whether or not anything has asked for them yet.</summary>
    public static IServiceCollection AddKeyPurpose(this IServiceCollection services, KeyPurpose purpose) =>
        services.AddSingleton(purpose);

    /// <summary>Options that hold keys from the ring are rebuilt as the ring rotates.</summary>
    public static IServiceCollection AddKeyRingRefresh<TOptions>(this IServiceCollection services) where TOptions : class =>
        services.AddSingleton<IOptionsChangeTokenSource<TOptions>, KeyRingChangeTokenSource<TOptions>>();

    /// <summary><c>GET /problems</c>: the catalogue of problem codes, for admins and client developers.</summary>
    public static IEndpointRouteBuilder MapProblemCatalogue(this IEndpointRouteBuilder app)
    {
        app.MapGet("/problems", (ProblemCatalogue catalogue) => TypedResults.Ok(catalogue.All.Select(p => new
        {
            type = p.TypeUri, p.Code, p.Status, p.Title, eventId = p.EventId,
        }))).WithTags("Problems");
        return app;
    }
}
