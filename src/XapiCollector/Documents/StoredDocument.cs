using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MicroCredLti.XapiCollector.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MicroCredLti.XapiCollector.Documents;

/// <summary>The three document resources (xAPI 1.0.3 Part Three 2.3, 2.6, 2.7) share one table, told apart by kind.</summary>
internal enum DocumentKind
{
    State,
    ActivityProfile,
    AgentProfile,
}

/// <summary>
/// The documents a GET without a document id lists and a State DELETE without a stateId removes: one kind's documents of
/// one activity and/or agent, and of one registration when <see cref="Registration"/> is given.
/// </summary>
internal sealed record DocumentSet(DocumentKind Kind, string? ActivityId, string? Agent, Guid? Registration)
{
    /// <summary>The set without its registration, as one fixed-length key: an activity IRI may be longer than an index key.</summary>
    public string Owner => Digest(Kind.ToString(), ActivityId, Agent);

    public DocumentAddress Document(string documentId) => new(this, documentId);

    internal static string Digest(params string?[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(parts))));
}

/// <summary>One document: its set, its registration (State only) and its stateId or profileId.</summary>
internal sealed record DocumentAddress(DocumentSet Set, string DocumentId)
{
    public string Key => DocumentSet.Digest(Set.Kind.ToString(), Set.ActivityId, Set.Agent, Set.Registration?.ToString("D"), DocumentId);
}

/// <summary>
/// A stored document: any content type, kept as bytes. <see cref="Key"/> is the digest of the whole address
/// (kind, activity, agent identifier, registration, document id) and <see cref="Owner"/> that of its set; the
/// address itself is kept beside them in plain columns.
/// </summary>
internal sealed class StoredDocument
{
    public required string Key { get; set; }
    public required string Owner { get; set; }
    public DocumentKind Kind { get; set; }
    public string? ActivityId { get; set; }

    /// <summary>The agent's identifier as <see cref="Learners.AgentIdentifier"/> writes it.</summary>
    public string? Agent { get; set; }

    public Guid? Registration { get; set; }
    public required string DocumentId { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }

    /// <summary>SHA-1 of <see cref="Content"/> in hex (xAPI 1.0.3 Part Three 3.1), unquoted; the concurrency token of every write.</summary>
    public required string Etag { get; set; }

    /// <summary>UTC.</summary>
    public DateTime Updated { get; set; }

    public static string EtagOf(byte[] content) => Convert.ToHexStringLower(SHA1.HashData(content));
}

internal sealed class StoredDocumentMap : IEntityTypeConfiguration<StoredDocument>
{
    public void Configure(EntityTypeBuilder<StoredDocument> e)
    {
        e.ToTable(XapiSchema.Documents);
        e.HasKey(d => d.Key);
        e.Property(d => d.Key).HasMaxLength(64);
        e.Property(d => d.Owner).HasMaxLength(64);
        e.HasIndex(d => d.Owner).HasDatabaseName("ix_xapi_documents_owner");
        e.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        e.Property(d => d.ActivityId).HasMaxLength(DocumentLimits.ActivityId);
        e.Property(d => d.Agent).HasMaxLength(DocumentLimits.Agent);
        e.Property(d => d.DocumentId).HasMaxLength(DocumentLimits.DocumentId);
        e.Property(d => d.ContentType).HasMaxLength(DocumentLimits.ContentType);
        e.Property(d => d.Etag).HasMaxLength(40).IsConcurrencyToken();
    }
}

/// <summary>Column sizes, so that parameters that would not fit are refused as parameters, not as database errors.</summary>
internal static class DocumentLimits
{
    public const int ActivityId = 2000;
    public const int Agent = 900;
    public const int DocumentId = 2000;
    public const int ContentType = 255;
}
