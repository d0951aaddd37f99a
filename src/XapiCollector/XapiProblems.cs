using MicroCredLti.ServiceDefaults.Problems;

namespace MicroCredLti.XapiCollector;

/// <summary>Every refusal of the learning record store. Event ids 3000–3099.</summary>
public static class XapiProblems
{
    public static readonly ProblemType VersionMissing = new("xapi.version_missing", 400, "xAPI version missing or not supported", 3000);
    public static readonly ProblemType StatementInvalid = new("xapi.statement_invalid", 400, "The statements are not valid xAPI", 3001);
    public static readonly ProblemType StatementConflict = new("xapi.statement_conflict", 409, "Statement id already used", 3002);
    public static readonly ProblemType BodyMalformed = new("xapi.body_malformed", 400, "The body is not statement JSON", 3003);
    public static readonly ProblemType ContentTypeUnsupported = new("xapi.content_type_unsupported", 400, "Statements are sent as application/json or multipart/mixed", 3004);
    public static readonly ProblemType ParameterInvalid = new("xapi.parameter_invalid", 400, "A query parameter is not valid", 3005);
    public static readonly ProblemType StatementNotFound = new("xapi.statement_not_found", 404, "No such statement", 3006);
    public static readonly ProblemType StatementIdMismatch = new("xapi.statement_id_mismatch", 400, "Statement id and statementId parameter differ", 3007);
    public static readonly ProblemType CredentialsRequired = new("xapi.credentials_required", 401, "LRS credentials required", 3008);

    // Statement validation, attachments and signatures: 3060–3079.
    public static readonly ProblemType RequestTooLarge = new("xapi.request_too_large", 413, "The request body is larger than the statement resource accepts", 3060);
    public static readonly ProblemType MultipartMalformed = new("xapi.multipart_malformed", 400, "The multipart/mixed body is not a statement request with attachments", 3061);
    public static readonly ProblemType AttachmentMismatch = new("xapi.attachment_mismatch", 400, "The attachment parts do not match the statements' attachments", 3062);
    public static readonly ProblemType SignatureInvalid = new("xapi.signature_invalid", 400, "A statement signature is not valid", 3063);

    // The Statement Resource's query side and the request rules of xAPI 1.0.3 Part Three 1.x and 3.x: 3040–3059.
    public static readonly ProblemType ParameterUnknown = new("xapi.parameter_unknown", 400, "A parameter this resource does not take", 3040);
    public static readonly ProblemType ParameterRepeated = new("xapi.parameter_repeated", 400, "A parameter given more than once", 3041);
    public static readonly ProblemType ParametersConflict = new("xapi.parameters_conflict", 400, "Parameters that cannot be combined", 3042);
    public static readonly ProblemType VersionUnsupported = new("xapi.version_unsupported", 400, "xAPI version not supported", 3043);
    public static readonly ProblemType AlternateRequestInvalid = new("xapi.alternate_request_invalid", 400, "Not a valid alternate request", 3044);
    public static readonly ProblemType AlternateRequestRemoved = new("xapi.alternate_request_removed", 400, "xAPI 2.0 has no alternate request syntax", 3045);

    // LRS client administration (the admin API and lrs-client): 3080–3089.
    public static readonly ProblemType ClientInvalid = new("xapi.client_invalid", 400, "The LRS client is not valid", 3080);
    public static readonly ProblemType ClientExists = new("xapi.client_exists", 409, "An LRS client with this key exists", 3081);
    public static readonly ProblemType ClientNotFound = new("xapi.client_not_found", 404, "No such LRS client", 3082);

    // Erasure and retention purges (the admin API): 3090–3099.
    public static readonly ProblemType ErasureInvalid = new("xapi.erasure_invalid", 400, "The erasure or purge asked for is not valid", 3090);
    public static readonly ProblemType EvidenceCited = new("xapi.evidence_cited", 409, "Issued awards cite statements this would delete", 3091);
}
