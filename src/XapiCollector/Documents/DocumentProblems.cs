using MicroCredLti.ServiceDefaults.Problems;

namespace MicroCredLti.XapiCollector.Documents;

/// <summary>
/// Refusals of the document resources (State, Activity Profile, Agent Profile) and of the Agents and Activities
/// resources (xAPI 1.0.3 Part Three 2.2–2.7). Event ids 3020–3039.
/// </summary>
public static class DocumentProblems
{
    public static readonly ProblemType ParameterInvalid = new("xapi.document_parameter_invalid", 400, "A document resource parameter is missing or not valid", 3020);
    public static readonly ProblemType NotFound = new("xapi.document_not_found", 404, "No such document", 3021);
    public static readonly ProblemType NotMergeable = new("xapi.document_not_mergeable", 400, "Only JSON objects can be merged", 3022);
    public static readonly ProblemType BodyInvalid = new("xapi.document_body_invalid", 400, "The document is not the JSON its content type says", 3023);
    public static readonly ProblemType PreconditionFailed = new("xapi.document_precondition_failed", 412, "The document is not in the state the request expects", 3024);
    public static readonly ProblemType Conflict = new("xapi.document_conflict", 409, "The document exists; send If-Match or If-None-Match to change it", 3025);
    public static readonly ProblemType PreconditionRequired = new("xapi.document_precondition_required", 400, "Send If-Match or If-None-Match with this PUT", 3026);
    public static readonly ProblemType Contended = new("xapi.document_contended", 409, "The document kept changing while this request was applied; try again", 3029);
    public static readonly ProblemType AgentParameterInvalid = new("xapi.agent_parameter_invalid", 400, "The agent parameter is missing or not a JSON Agent, or the Agents resource got a parameter it does not take", 3027);
    public static readonly ProblemType ActivityParameterInvalid = new("xapi.activity_parameter_invalid", 400, "The activityId parameter is missing or not an IRI, or the Activities resource got a parameter it does not take", 3028);
}
