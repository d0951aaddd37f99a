using MicroCredLti.LtiTool.Storage;
using Microsoft.EntityFrameworkCore;

namespace MicroCredLti.LtiTool.Registration;

internal abstract record PlatformLookup
{
    public sealed record Found(PlatformRegistration Platform) : PlatformLookup;
    public sealed record Unknown : PlatformLookup;
    public sealed record Ambiguous : PlatformLookup;
}

internal sealed class PlatformRegistry(LtiDbContext db, PlatformCache cache)
{
    /// <summary>
    /// The registration a login is for. Platforms that omit client_id on login initiation can only be
    /// told apart by issuer when the issuer has a single registration.
    /// </summary>
    public Task<PlatformLookup> FindAsync(string issuer, string? clientId, CancellationToken cancellationToken) =>
        // A platform not found is asked for again next time: it may be registered by then, on another replica.
        cache.GetAsync($"lookup\n{issuer}\n{clientId}", () => LookUpAsync(issuer, clientId, cancellationToken), keep: lookup => lookup is PlatformLookup.Found);

    public Task<PlatformRegistration?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        cache.GetAsync($"id\n{id}", () => db.Platforms.AsNoTracking().Include(p => p.Deployments).SingleOrDefaultAsync(p => p.Id == id, cancellationToken));

    private async Task<PlatformLookup> LookUpAsync(string issuer, string? clientId, CancellationToken cancellationToken)
    {
        var candidates = await db.Platforms.AsNoTracking().Include(p => p.Deployments)
            .Where(p => p.Issuer == issuer && (clientId == null || p.ClientId == clientId))
            .OrderBy(p => p.Id) // two are enough to tell one from several; the order only keeps EF Core's paging deterministic
            .Take(2).ToListAsync(cancellationToken);
        return candidates.Count switch
        {
            0 => new PlatformLookup.Unknown(),
            1 => new PlatformLookup.Found(candidates[0]),
            _ => new PlatformLookup.Ambiguous(),
        };
    }
}
