using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MicroCredLti.ServiceDefaults.Problems;

/// <summary>
/// One kind of refusal: a stable <see cref="Code"/> that clients and tests rely on, the HTTP status it is sent with,
/// a human title, and the event id its log line carries. The prose of a refusal's detail may change; these do not.
/// </summary>
public sealed record ProblemType(string Code, int Status, string Title, int EventId)
{
    /// <summary>The RFC 9457 <c>type</c>: a URI that names the problem, the same on every deployment.</summary>
    public string TypeUri => TypePrefix + Code;

    public const string TypePrefix = "urn:microcred:problem:";

    /// <summary>The RFC 9457 extension member that carries <see cref="Code"/>.</summary>
    public const string CodeMember = "code";

    public ProblemHttpResult Result(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: Status, title: Title, type: TypeUri, extensions: WithCode(extensions));

    public ValidationProblem ValidationResult(IDictionary<string, string[]> errors, string detail) =>
        TypedResults.ValidationProblem(errors, detail, title: Title, type: TypeUri, extensions: WithCode(null));

    private Dictionary<string, object?> WithCode(IDictionary<string, object?>? extensions) =>
        new(extensions ?? new Dictionary<string, object?>()) { [CodeMember] = Code };
}
