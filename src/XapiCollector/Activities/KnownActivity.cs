using MicroCredLti.XapiCollector.Documents;
using MicroCredLti.XapiCollector.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MicroCredLti.XapiCollector.Activities;

/// <summary>
/// The definition the LRS holds for an Activity, merged from every statement that defined it (xAPI 1.0.3 Part Three 2.5).
/// Keyed by the digest of the id, since an IRI may be longer than an index key.
/// </summary>
internal sealed class KnownActivity
{
    public required string Key { get; set; }
    public required string ActivityId { get; set; }

    /// <summary>The Activity Definition as JSON.</summary>
    public required string Definition { get; set; }

    /// <summary>UTC.</summary>
    public DateTime Updated { get; set; }

    public static string KeyOf(string activityId) => DocumentSet.Digest(activityId);
}

internal sealed class KnownActivityMap : IEntityTypeConfiguration<KnownActivity>
{
    public void Configure(EntityTypeBuilder<KnownActivity> e)
    {
        e.ToTable(XapiSchema.Activities);
        e.HasKey(a => a.Key);
        e.Property(a => a.Key).HasMaxLength(64);
        e.Property(a => a.ActivityId).HasMaxLength(DocumentLimits.ActivityId);
    }
}
