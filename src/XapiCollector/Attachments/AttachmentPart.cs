namespace MicroCredLti.XapiCollector.Attachments;

/// <summary>
/// A part after the first of a multipart/mixed statement request (xAPI 1.0.3 Part Three 1.5.2): one attachment's raw
/// content, announced by the SHA-2 hash in its X-Experience-API-Hash header. <see cref="Index"/> counts parts from the
/// statements' part, which is 0.
/// </summary>
internal sealed record AttachmentPart(int Index, string Hash, string? ContentType, byte[] Content)
{
    public const string HashHeader = "X-Experience-API-Hash";

    /// <summary>The error key that names this part in a refusal: <c>part[1]</c> is the first attachment part.</summary>
    public string Path => $"part[{Index}]";
}

/// <summary>An attachment's content as it is stored: keyed by its SHA-2, with the media type its statement declared.</summary>
internal sealed record AttachmentContent(string Sha2, string ContentType, byte[] Content);
