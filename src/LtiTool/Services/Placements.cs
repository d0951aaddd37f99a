using System.Collections.Concurrent;
using System.Text.Json;
using MicroCredLti.LtiTool.Launch;
using MicroCredLti.LtiTool.Registration;
using MicroCredLti.LtiTool.Storage;
using Microsoft.EntityFrameworkCore;

namespace MicroCredLti.LtiTool.Services;

/// <summary>
/// A MicroCred link in a course (made by deep linking: its custom parameters name what it is for) with the gradebook
/// service the platform offers for it: where its line item is, or the container to find or create one in.
/// </summary>
internal sealed class Placement
{
    public Guid PlatformId { get; set; }
    public required string ResourceLinkId { get; set; }
    public string? ContextId { get; set; }
    public string? Title { get; set; }

    /// <summary>The custom parameters as JSON.</summary>
    public required string Custom { get; set; }

    public string? LineItemsUrl { get; set; }
    public string? LineItemUrl { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public IReadOnlyDictionary<string, string> CustomParameters => JsonSerializer.Deserialize<Dictionary<string, string>>(Custom)!;
}

/// <summary>A learner who launched a placement, by the platform's user id, and what the gradebook was last sent for them.</summary>
internal sealed class PlacementMember
{
    public Guid PlatformId { get; set; }
    public required string ResourceLinkId { get; set; }
    public required string Subject { get; set; }
    public Guid LearnerId { get; set; }
    public double? PostedScore { get; set; }
    public bool PostedComplete { get; set; }
}

/// <summary>
/// Remembers, from launches, which MicroCred placements exist with a gradebook service and who launched them. A launch
/// writes only what is new or changed since this instance last saw it, so a busy placement costs no writes.
/// </summary>
internal sealed class PlacementRecorder(LtiDbContext db, PlacementRecorder.Seen seen, TimeProvider clock)
{
    /// <summary>Custom parameters MicroCred's own placements carry (see the deep linking response).</summary>
    public const string CustomPrefix = "microcred_";

    /// <summary>What this instance has written: each placement's last fingerprint, and each member.</summary>
    internal sealed class Seen
    {
        public ConcurrentDictionary<(Guid, string), string> Placements { get; } = new();
        public ConcurrentDictionary<(Guid, string, string), bool> Members { get; } = new();
    }

    public async Task RecordAsync(PlatformRegistration platform, LtiLaunch launch, Guid learnerId, CancellationToken cancellationToken)
    {
        if (launch.Ags is null || launch.ResourceLink is not { } link || launch.Subject is not { } subject) return;
        var custom = launch.Custom.Where(c => c.Key.StartsWith(CustomPrefix, StringComparison.Ordinal)).ToDictionary();
        if (custom.Count == 0) return;

        var json = JsonSerializer.Serialize(custom);
        var fingerprint = string.Join('\n', json, launch.Ags.LineItems, launch.Ags.LineItem, launch.ContextId, link.Title);
        if (!seen.Placements.TryGetValue((platform.Id, link.Id), out var last) || last != fingerprint)
        {
            var placement = await db.Placements.FindAsync([platform.Id, link.Id], cancellationToken);
            if (placement is null) db.Placements.Add(placement = new Placement { PlatformId = platform.Id, ResourceLinkId = link.Id, Custom = json });
            (placement.Custom, placement.ContextId, placement.Title, placement.LineItemsUrl) = (json, launch.ContextId, link.Title, launch.Ags.LineItems);
            placement.LineItemUrl = launch.Ags.LineItem ?? placement.LineItemUrl;
            placement.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            seen.Placements[(platform.Id, link.Id)] = fingerprint;
        }
        if (seen.Members.ContainsKey((platform.Id, link.Id, subject))) return;
        if (await db.PlacementMembers.FindAsync([platform.Id, link.Id, subject], cancellationToken) is null)
        {
            db.PlacementMembers.Add(new PlacementMember { PlatformId = platform.Id, ResourceLinkId = link.Id, Subject = subject, LearnerId = learnerId });
            try { await db.SaveChangesAsync(cancellationToken); }
            catch (DbUpdateException) { db.ChangeTracker.Clear(); } // the same learner's concurrent launch recorded it
        }
        seen.Members[(platform.Id, link.Id, subject)] = true;
    }
}
