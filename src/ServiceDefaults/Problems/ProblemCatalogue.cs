using System.Reflection;

namespace MicroCredLti.ServiceDefaults.Problems;

/// <summary>Every problem type the product can answer with; each module adds its own catalogue class.</summary>
public sealed class ProblemCatalogue
{
    private readonly Dictionary<string, ProblemType> byCode = new(StringComparer.Ordinal);

    public IEnumerable<ProblemType> All => byCode.Values.OrderBy(p => p.Code, StringComparer.Ordinal);

    public ProblemType? Find(string? code) => code is not null && byCode.TryGetValue(code, out var type) ? type : null;

    /// <summary>Adds the <see cref="ProblemType"/> fields of a static catalogue class such as <c>LtiProblems</c>.</summary>
    public void Add(Type catalogue)
    {
        foreach (var field in catalogue.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            if (field.GetValue(null) is ProblemType type)
            {
                if (byCode.TryGetValue(type.Code, out var existing) && existing != type)
                    throw new InvalidOperationException($"Problem code {type.Code} is defined twice.");
                if (byCode.Values.FirstOrDefault(p => p.EventId == type.EventId && p.Code != type.Code) is { } clash)
                    throw new InvalidOperationException($"Problems {type.Code} and {clash.Code} share event id {type.EventId}.");
                byCode[type.Code] = type;
            }
    }

    /// <summary>The type for a problem that has no code of its own: one the framework raised for a status.</summary>
    public static ProblemType ForStatus(int? status) => status switch
    {
        400 => CommonProblems.BadRequest,
        401 => CommonProblems.AuthenticationRequired,
        403 => CommonProblems.Forbidden,
        404 => CommonProblems.NotFound,
        405 => CommonProblems.MethodNotAllowed,
        406 => CommonProblems.NotAcceptable,
        413 => CommonProblems.TooLarge,
        415 => CommonProblems.UnsupportedMediaType,
        429 => CommonProblems.RateLimited,
        502 => CommonProblems.UpstreamUnreachable,
        504 => CommonProblems.UpstreamTimeout,
        >= 400 and < 500 => CommonProblems.BadRequest,
        _ => CommonProblems.ServerError,
    };
}

/// <summary>Problems any part of the product can answer with.</summary>
public static class CommonProblems
{
    public static readonly ProblemType BadRequest = new("request.malformed", 400, "The request is malformed", 1100);
    public static readonly ProblemType AuthenticationRequired = new("auth.required", 401, "Authentication required", 1101);
    public static readonly ProblemType Forbidden = new("auth.forbidden", 403, "Not allowed", 1102);
    public static readonly ProblemType NotFound = new("request.not_found", 404, "Not found", 1103);
    public static readonly ProblemType MethodNotAllowed = new("request.method_not_allowed", 405, "Method not allowed", 1104);
    public static readonly ProblemType NotAcceptable = new("request.not_acceptable", 406, "Not acceptable", 1105);
    public static readonly ProblemType TooLarge = new("request.too_large", 413, "The request is too large", 1106);
    public static readonly ProblemType UnsupportedMediaType = new("request.unsupported_media_type", 415, "Unsupported media type", 1107);
    public static readonly ProblemType RateLimited = new("request.rate_limited", 429, "Too many requests", 1108);
    public static readonly ProblemType UpstreamUnreachable = new("upstream.unreachable", 502, "A service this request needs could not be reached", 1109);
    public static readonly ProblemType UpstreamTimeout = new("upstream.timeout", 504, "A service this request needs did not answer in time", 1110);
    public static readonly ProblemType ServerError = new("server.error", 500, "Something went wrong on our side", 1111);
}
