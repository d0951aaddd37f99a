using System.Text.Json;
using MicroCredLti.XapiCollector.Model;

namespace MicroCredLti.XapiCollector.Feed;

/// <summary>
/// A stored statement as the other modules see it: the fields the store indexes, and the whole statement as stored,
/// so a reader can evaluate any rule on it without the collector growing a column for that rule.
/// </summary>
public sealed record FeedStatement(
    long Sequence,
    Guid StatementId,
    Guid? LearnerId,
    string VerbId,
    string? ActivityId,
    Guid? Registration,
    bool Voided,
    DateTimeOffset Timestamp,
    DateTimeOffset Stored,
    string Payload)
{
    /// <summary>The statement as the LRS stored it (with <c>stored</c>, <c>authority</c> and <c>version</c> set).</summary>
    public Statement ReadStatement() => JsonSerializer.Deserialize<Statement>(Payload, XapiJson.Options)
        ?? throw new InvalidDataException($"Statement {StatementId} has an empty payload.");
}

/// <summary>Reads stored statements in the order they were stored, from a cursor the reader keeps.</summary>
public interface IStatementFeed
{
    Task<IReadOnlyList<FeedStatement>> ReadAfterAsync(long sequence, int maxCount, CancellationToken cancellationToken = default);
}
