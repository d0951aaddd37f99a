using System.Security.Cryptography;
using MicroCredLti.LtiTool.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace MicroCredLti.LtiTool.Launch;

/// <summary>
/// What the tool remembers between login initiation and launch: the state it sent and the nonce the
/// id_token must carry back. Kept server-side and used once, so a replayed launch finds nothing.
/// </summary>
internal sealed class LoginState
{
    public required string State { get; set; }
    public required string Nonce { get; set; }
    public Guid PlatformId { get; set; }
    public required string TargetLinkUri { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    public static string NewToken() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}

internal sealed class LoginStateStore(LtiDbContext db, TimeProvider clock)
{
    /// <summary>How often expired states are swept out: not on every login, which would add a DELETE to each.</summary>
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);

    private static long nextPurgeTicks;

    public async Task SaveAsync(LoginState state, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = Interlocked.Read(ref nextPurgeTicks);
        if (now.UtcTicks >= due && Interlocked.CompareExchange(ref nextPurgeTicks, (now + PurgeInterval).UtcTicks, due) == due)
            await db.LoginStates.Where(s => s.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        db.LoginStates.Add(state);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Takes the state out of the store; only the first of two concurrent launches with it gets it.</summary>
    public async Task<LoginState?> ConsumeAsync(string state, CancellationToken cancellationToken)
    {
        var stored = await db.LoginStates.AsNoTracking().SingleOrDefaultAsync(s => s.State == state, cancellationToken);
        if (stored is null) return null;
        var removed = await db.LoginStates.Where(s => s.State == state).ExecuteDeleteAsync(cancellationToken);
        return removed == 1 && stored.ExpiresAt > clock.GetUtcNow() ? stored : null;
    }
}
