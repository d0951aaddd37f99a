using System.Text.Json;
using System.Text.Json.Nodes;
using MicroCredLti.LtiTool.Registration;

namespace MicroCredLti.LtiTool.Services;

/// <summary>A gradebook column (AGS 2.0, 3.2). <see cref="Id"/> is its URL.</summary>
public sealed record LineItem(string Id, string Label, double ScoreMaximum, string? ResourceId, string? Tag, string? ResourceLinkId);

/// <summary>A score to post for one user (AGS 2.0, 3.4).</summary>
public sealed record Score(
    string UserId, double? ScoreGiven, double ScoreMaximum, string ActivityProgress, string GradingProgress, DateTimeOffset Timestamp, string? Comment = null);

/// <summary>What became of one user's score: posted, or refused by the platform for that user alone.</summary>
public sealed record ScoreOutcome(string UserId, bool Posted, int? Status, string? Problem);

/// <summary>
/// Assignment and Grade Services 2.0 against one platform: line items found by <c>resource_id</c> and <c>tag</c> across
/// pages (<c>Link: rel="next"</c>) or created, scores posted, results read. URLs keep their query string, as Moodle's
/// carry one (<c>…/lineitem?type_id=1</c> becomes <c>…/lineitem/scores?type_id=1</c>). Retries on 429, 5xx and Canvas's
/// rate-limit 403 are the HTTP client's (see <see cref="LtiToolExtensions"/>); a 400 or 422 for one user is that user's
/// outcome and the others are still posted.
/// </summary>
public sealed class AssignmentGradeService
{
    public const string LineItemScope = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
    public const string ScoreScope = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
    public const string ResultScope = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly";
    private const string LineItemMediaType = "application/vnd.ims.lis.v2.lineitem+json";
    private const string LineItemsMediaType = "application/vnd.ims.lis.v2.lineitemcontainer+json";
    private const string ScoreMediaType = "application/vnd.ims.lis.v1.score+json";
    private const string ResultsMediaType = "application/vnd.ims.lis.v2.resultcontainer+json";
    private static readonly string[] Scopes = [LineItemScope, ScoreScope, ResultScope];

    private readonly PlatformServiceClient client;

    internal AssignmentGradeService(PlatformServiceClient client) => this.client = client;

    /// <summary>The line item with <paramref name="resourceId"/> (and <paramref name="tag"/>) in the context's container, created if there is none.</summary>
    internal async Task<LineItem> FindOrCreateLineItemAsync(PlatformRegistration platform, string lineItemsUrl, string resourceId, string? tag, string label,
        double scoreMaximum, string? resourceLinkId, CancellationToken cancellationToken)
    {
        var query = new Dictionary<string, string> { ["resource_id"] = resourceId };
        if (tag is not null) query["tag"] = tag;
        for (var page = WithQuery(lineItemsUrl, query); page is not null;)
        {
            using var response = await SendAsync(platform, HttpMethod.Get, page, LineItemsMediaType, null, null, cancellationToken);
            var items = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonArray ?? [];
            // A platform that ignores the filter still sends the item among others: match it here too.
            if (items.OfType<JsonObject>().Select(ToLineItem).FirstOrDefault(i => i.ResourceId == resourceId && (tag is null || i.Tag == tag)) is { } found)
                return found;
            page = NextPage(response);
        }
        var created = new JsonObject { ["scoreMaximum"] = scoreMaximum, ["label"] = label, ["resourceId"] = resourceId };
        if (tag is not null) created["tag"] = tag;
        if (resourceLinkId is not null) created["resourceLinkId"] = resourceLinkId;
        using var createdResponse = await SendAsync(platform, HttpMethod.Post, lineItemsUrl, LineItemMediaType, created.ToJsonString(), LineItemMediaType,
            cancellationToken);
        return ToLineItem(JsonNode.Parse(await createdResponse.Content.ReadAsStringAsync(cancellationToken))!.AsObject());
    }

    /// <summary>Posts each score to the line item; one user's refusal (400, 404, 422) is that user's outcome, not the batch's.</summary>
    internal async Task<IReadOnlyList<ScoreOutcome>> PostScoresAsync(PlatformRegistration platform, string lineItemUrl, IEnumerable<Score> scores,
        CancellationToken cancellationToken)
    {
        var outcomes = new List<ScoreOutcome>();
        var scoresUrl = WithSegment(lineItemUrl, "scores");
        foreach (var score in scores)
        {
            var body = new JsonObject
            {
                ["userId"] = score.UserId,
                ["scoreMaximum"] = score.ScoreMaximum,
                ["activityProgress"] = score.ActivityProgress,
                ["gradingProgress"] = score.GradingProgress,
                ["timestamp"] = score.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            };
            if (score.ScoreGiven is { } given) body["scoreGiven"] = given;
            if (score.Comment is not null) body["comment"] = score.Comment;
            try
            {
                using var _ = await SendAsync(platform, HttpMethod.Post, scoresUrl, ScoreMediaType, body.ToJsonString(), null, cancellationToken);
                outcomes.Add(new ScoreOutcome(score.UserId, true, null, null));
            }
            catch (PlatformServiceException refused) when (refused.Status is 400 or 404 or 409 or 422)
            {
                outcomes.Add(new ScoreOutcome(score.UserId, false, refused.Status, refused.Message));
            }
        }
        return outcomes;
    }

    /// <summary>The line item's results: each user's current score as the platform holds it.</summary>
    internal async Task<JsonArray> GetResultsAsync(PlatformRegistration platform, string lineItemUrl, CancellationToken cancellationToken)
    {
        var results = new JsonArray();
        for (var page = WithSegment(lineItemUrl, "results"); page is not null;)
        {
            using var response = await SendAsync(platform, HttpMethod.Get, page, ResultsMediaType, null, null, cancellationToken);
            foreach (var result in JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonArray ?? [])
                results.Add(result?.DeepClone());
            page = NextPage(response);
        }
        return results;
    }

    private Task<HttpResponseMessage> SendAsync(PlatformRegistration platform, HttpMethod method, string url, string accept, string? body,
        string? contentType, CancellationToken cancellationToken) =>
        client.SendAsync(platform, Scopes, method, url, accept, body, contentType, cancellationToken);

    private static LineItem ToLineItem(JsonObject item) => new(
        item["id"]!.GetValue<string>(), item["label"]?.GetValue<string>() ?? "", item["scoreMaximum"]?.GetValue<double>() ?? 0,
        item["resourceId"]?.GetValue<string>(), item["tag"]?.GetValue<string>(), item["resourceLinkId"]?.GetValue<string>());

    /// <summary><paramref name="url"/> with <paramref name="segment"/> added to its path, its query kept (AGS 3.2.8; Moodle's URLs).</summary>
    internal static string WithSegment(string url, string segment)
    {
        var builder = new UriBuilder(url);
        builder.Path = builder.Path.TrimEnd('/') + "/" + segment;
        return builder.Uri.ToString();
    }

    private static string WithQuery(string url, IReadOnlyDictionary<string, string> parameters) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(url, parameters!);

    private static string? NextPage(HttpResponseMessage response) => PlatformServiceClient.NextPage(response);
}
