using MicroCredLti.XapiCollector.Storage;
using Microsoft.EntityFrameworkCore;

namespace MicroCredLti.XapiCollector.Attachments;

/// <summary>Reads stored attachment content, e.g. for GET /statements with <c>attachments=true</c> (Part Three 2.1.3).</summary>
internal sealed class AttachmentStore(XapiDbContext db)
{
    /// <summary>The content whose SHA-2 is <paramref name="sha2"/> (hex, either case), or null when none is stored.</summary>
    public async Task<AttachmentContent?> FindAsync(string sha2, CancellationToken cancellationToken = default)
    {
        var key = sha2.ToLowerInvariant();
        return await db.Attachments.AsNoTracking().Where(a => a.Sha2 == key)
            .Select(a => new AttachmentContent(a.Sha2, a.ContentType, a.Content))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The stored contents among <paramref name="sha2s"/>, keyed by lower-case SHA-2: the parts that follow a page of
    /// statements that carry them. Hashes with no stored content (attachments sent by fileUrl) are absent.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, AttachmentContent>> FindAllAsync(IEnumerable<string> sha2s,
        CancellationToken cancellationToken = default)
    {
        var keys = sha2s.Select(h => h.ToLowerInvariant()).Distinct().ToList();
        if (keys.Count == 0) return new Dictionary<string, AttachmentContent>();
        return await db.Attachments.AsNoTracking().Where(a => keys.Contains(a.Sha2))
            .Select(a => new AttachmentContent(a.Sha2, a.ContentType, a.Content))
            .ToDictionaryAsync(a => a.Sha2, cancellationToken);
    }
}
