using MicroCredLti.LtiTool.Storage;
using MicroCredLti.ServiceDefaults.Problems;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MicroCredLti.LtiTool.Registration;

/// <summary>How a platform came to be registered.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<PlatformSource>))]
public enum PlatformSource
{
    /// <summary>Seeded from <c>Lti:Platforms</c> at start-up, for automated deploys.</summary>
    Configuration,

    /// <summary>Entered through the admin API (and later the admin console).</summary>
    Admin,

    /// <summary>By LTI Dynamic Registration 1.0, started from the platform.</summary>
    DynamicRegistration,
}

/// <summary>A platform registration as an admin sees it.</summary>
public sealed record PlatformSummary(
    Guid Id, string Name, string Issuer, string ClientId, string AuthorizationEndpoint, string? TokenEndpoint, string JwksUri,
    IReadOnlyList<string> DeploymentIds, PlatformSource Source, string? ProductFamilyCode, DateTimeOffset CreatedAt);

/// <summary>A platform to register, or what a registration becomes: every field is replaced.</summary>
public sealed record PlatformInput(
    string? Name, string? Issuer, string? ClientId, string? AuthorizationEndpoint, string? TokenEndpoint, string? JwksUri,
    IReadOnlyList<string>? DeploymentIds, string? ProductFamilyCode = null);

/// <summary>What became of a change to the registered platforms.</summary>
public abstract record PlatformChange
{
    public sealed record Done(PlatformSummary Platform) : PlatformChange;

    /// <summary>Nothing changed; <see cref="Errors"/> names each field at fault as a JSON path when the input was not valid.</summary>
    public sealed record Refused(ProblemType Problem, string Reason, IReadOnlyDictionary<string, string[]>? Errors = null) : PlatformChange;
}

/// <summary>
/// Registers, changes and removes platforms and their deployments while the tool runs: the admin API and dynamic
/// registration go through here, and a launch from a platform works the moment it is registered.
/// </summary>
public sealed class PlatformDirectory
{
    private readonly LtiDbContext db;
    private readonly IOptions<LtiToolOptions> options;
    private readonly TimeProvider clock;
    private readonly PlatformCache cache;

    internal PlatformDirectory(LtiDbContext db, IOptions<LtiToolOptions> options, TimeProvider clock, PlatformCache cache) =>
        (this.db, this.options, this.clock, this.cache) = (db, options, clock, cache);

    public async Task<IReadOnlyList<PlatformSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        (await db.Platforms.AsNoTracking().Include(p => p.Deployments).OrderBy(p => p.Issuer).ThenBy(p => p.ClientId).ToListAsync(cancellationToken))
        .Select(Summary).ToList();

    public async Task<PlatformSummary?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        await db.Platforms.AsNoTracking().Include(p => p.Deployments).SingleOrDefaultAsync(p => p.Id == id, cancellationToken) is { } platform
            ? Summary(platform)
            : null;

    public async Task<PlatformChange> AddAsync(PlatformInput input, PlatformSource source, CancellationToken cancellationToken = default)
    {
        if (Invalid(input) is { } refused) return refused;
        if (await db.Platforms.AnyAsync(p => p.Issuer == input.Issuer && p.ClientId == input.ClientId, cancellationToken))
            return Exists(input);
        var platform = new PlatformRegistration
        {
            Id = Guid.NewGuid(), Name = "", Issuer = input.Issuer!, ClientId = input.ClientId!, AuthorizationEndpoint = "", JwksUri = "",
            Source = source, CreatedAt = clock.GetUtcNow(),
        };
        Apply(platform, input);
        db.Platforms.Add(platform);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        cache.Clear();
        }
        catch (DbUpdateException)
        {
            return Exists(input); // registered by a concurrent request in between
        }
        return new PlatformChange.Done(Summary(platform));
    }

    public async Task<PlatformChange> ReplaceAsync(Guid id, PlatformInput input, CancellationToken cancellationToken = default)
    {
        if (Invalid(input) is { } refused) return refused;
        var platform = await db.Platforms.Include(p => p.Deployments).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (platform is null) return NotFound(id);
        if (await db.Platforms.AnyAsync(p => p.Id != id && p.Issuer == input.Issuer && p.ClientId == input.ClientId, cancellationToken))
            return Exists(input);
        (platform.Issuer, platform.ClientId) = (input.Issuer!, input.ClientId!);
        Apply(platform, input);
        await db.SaveChangesAsync(cancellationToken);
        cache.Clear();
        return new PlatformChange.Done(Summary(platform));
    }

    /// <summary>Removes the platform and its deployments; a login it started can no longer end in a launch.</summary>
    public async Task<PlatformChange> RemoveAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var platform = await db.Platforms.Include(p => p.Deployments).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (platform is null) return NotFound(id);
        db.Platforms.Remove(platform);
        await db.SaveChangesAsync(cancellationToken);
        cache.Clear();
        return new PlatformChange.Done(Summary(platform));
    }

    /// <summary>Writes a registration named in configuration: added, or brought in line with it, keeping deployments added since.</summary>
    internal async Task SeedAsync(ConfiguredPlatform configured, CancellationToken cancellationToken)
    {
        var platform = await db.Platforms.Include(p => p.Deployments)
            .SingleOrDefaultAsync(p => p.Issuer == configured.Issuer && p.ClientId == configured.ClientId, cancellationToken);
        if (platform is null)
        {
            platform = new PlatformRegistration
            {
                Id = Guid.NewGuid(), Name = "", Issuer = configured.Issuer, ClientId = configured.ClientId, AuthorizationEndpoint = "", JwksUri = "",
                Source = PlatformSource.Configuration, CreatedAt = clock.GetUtcNow(),
            };
            db.Platforms.Add(platform);
        }
        platform.Name = configured.Name ?? configured.Issuer;
        platform.AuthorizationEndpoint = configured.AuthorizationEndpoint;
        platform.TokenEndpoint = configured.TokenEndpoint;
        platform.JwksUri = configured.JwksUri;
        foreach (var deploymentId in configured.DeploymentIds.Where(id => !platform.Allows(id)))
            platform.Deployments.Add(new PlatformDeployment { DeploymentId = deploymentId });
        await db.SaveChangesAsync(cancellationToken);
        cache.Clear();
    }

    private PlatformChange.Refused? Invalid(PlatformInput input)
    {
        var configured = new ConfiguredPlatform
        {
            Name = input.Name, Issuer = input.Issuer ?? "", ClientId = input.ClientId ?? "", AuthorizationEndpoint = input.AuthorizationEndpoint ?? "",
            TokenEndpoint = input.TokenEndpoint, JwksUri = input.JwksUri ?? "", DeploymentIds = input.DeploymentIds?.ToList() ?? [],
        };
        var faults = PlatformRules.Faults(configured, options.Value.AllowInsecurePlatformEndpoints)
            .GroupBy(f => JsonPath(f.Field)).ToDictionary(g => g.Key, g => g.Select(f => $"{JsonPath(f.Field)[2..]} {f.Problem}.").ToArray());
        return faults.Count == 0
            ? null
            : new PlatformChange.Refused(LtiProblems.PlatformInvalid, string.Join(" ", faults.Values.SelectMany(m => m)), faults);
    }

    private static void Apply(PlatformRegistration platform, PlatformInput input)
    {
        platform.Name = string.IsNullOrWhiteSpace(input.Name) ? input.Issuer! : input.Name;
        platform.AuthorizationEndpoint = input.AuthorizationEndpoint!;
        platform.TokenEndpoint = string.IsNullOrEmpty(input.TokenEndpoint) ? null : input.TokenEndpoint;
        platform.JwksUri = input.JwksUri!;
        platform.ProductFamilyCode = input.ProductFamilyCode ?? platform.ProductFamilyCode;
        platform.Deployments.RemoveAll(d => !input.DeploymentIds!.Contains(d.DeploymentId));
        foreach (var deploymentId in input.DeploymentIds!.Where(id => !platform.Allows(id)))
            platform.Deployments.Add(new PlatformDeployment { DeploymentId = deploymentId });
    }

    /// <summary><c>DeploymentIds:1</c> as the API names it: <c>$.deploymentIds[1]</c>.</summary>
    private static string JsonPath(string field)
    {
        var parts = field.Split(':');
        var name = char.ToLowerInvariant(parts[0][0]) + parts[0][1..];
        return parts.Length == 2 ? $"$.{name}[{parts[1]}]" : $"$.{name}";
    }

    private static PlatformChange.Refused Exists(PlatformInput input) =>
        new(LtiProblems.PlatformExists, $"A platform with issuer '{input.Issuer}' and client_id '{input.ClientId}' is registered; change that one instead.");

    private static PlatformChange.Refused NotFound(Guid id) => new(LtiProblems.PlatformNotFound, $"No platform has id {id}.");

    private static PlatformSummary Summary(PlatformRegistration p) =>
        new(p.Id, p.Name, p.Issuer, p.ClientId, p.AuthorizationEndpoint, p.TokenEndpoint, p.JwksUri,
            p.Deployments.Select(d => d.DeploymentId).Order(StringComparer.Ordinal).ToList(), p.Source, p.ProductFamilyCode, p.CreatedAt);
}
