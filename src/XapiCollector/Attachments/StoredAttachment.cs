namespace MicroCredLti.XapiCollector.Attachments;

/// <summary>
/// An attachment's content (xAPI 1.0.3 Part Two 2.4.11), stored once per SHA-2 however many statements carry it: the
/// statements hold the metadata, this row the bytes.
/// </summary>
internal sealed class StoredAttachment
{
    /// <summary>The content's SHA-2 in lower-case hex, as statements name it in their attachments' sha2.</summary>
    public required string Sha2 { get; set; }

    public required string ContentType { get; set; }
    public long Length { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset StoredAt { get; set; }
}
