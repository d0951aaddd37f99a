using MicroCredLti.ServiceDefaults.Problems;

namespace MicroCredLti.LtiTool;

/// <summary>Every refusal of a login or launch (LTI 1.3 Core 5.1.3; 1EdTech Security Framework 5.1.3). Event ids 2000–2099.</summary>
public static class LtiProblems
{
    public static readonly ProblemType LoginIncomplete = new("lti.login_incomplete", 400, "Incomplete login initiation", 2000);
    public static readonly ProblemType PlatformUnknown = new("lti.platform_unknown", 400, "Unknown platform", 2001);
    public static readonly ProblemType PlatformAmbiguous = new("lti.platform_ambiguous", 400, "Ambiguous platform", 2002);
    public static readonly ProblemType TargetLinkUriForeign = new("lti.target_link_uri_foreign", 400, "Foreign target_link_uri", 2003);
    public static readonly ProblemType PlatformRefusedLogin = new("lti.platform_refused_login", 400, "The platform refused the login", 2004);
    public static readonly ProblemType LaunchMalformed = new("lti.launch_malformed", 400, "Not a launch", 2005);
    public static readonly ProblemType StateUnknown = new("lti.state_unknown", 400, "This launch has expired or was already used", 2006);
    public static readonly ProblemType StateCookieMissing = new("lti.state_cookie_missing", 400, "This launch did not start in this browser", 2007);
    public static readonly ProblemType PlatformRemoved = new("lti.platform_removed", 400, "The platform is no longer registered", 2008);
    public static readonly ProblemType TokenExpired = new("lti.token_expired", 400, "The launch has expired", 2009);
    public static readonly ProblemType TokenNotYetValid = new("lti.token_not_yet_valid", 400, "The launch is not valid yet", 2010);
    public static readonly ProblemType SignatureInvalid = new("lti.signature_invalid", 400, "The launch's signature is not valid", 2011);
    public static readonly ProblemType KidUnknown = new("lti.kid_unknown", 400, "The launch is signed with a key the platform does not publish", 2012);
    public static readonly ProblemType IssuerMismatch = new("lti.issuer_mismatch", 400, "The launch comes from another platform", 2013);
    public static readonly ProblemType AudienceMismatch = new("lti.audience_mismatch", 400, "The launch is not addressed to this tool", 2014);
    public static readonly ProblemType AzpMismatch = new("lti.azp_mismatch", 400, "The launch's authorized party is not this tool", 2015);
    public static readonly ProblemType AlgorithmRefused = new("lti.algorithm_refused", 400, "The launch is not signed with RS256", 2016);
    public static readonly ProblemType TokenMalformed = new("lti.token_malformed", 400, "The launch is not a valid signed JWT", 2017);
    public static readonly ProblemType NonceMismatch = new("lti.nonce_mismatch", 400, "The launch does not belong to this login", 2018);
    public static readonly ProblemType VersionUnsupported = new("lti.version_unsupported", 400, "LTI version not supported", 2019);
    public static readonly ProblemType MessageTypeUnsupported = new("lti.message_type_unsupported", 400, "LTI message type not supported", 2020);
    public static readonly ProblemType DeploymentUnknown = new("lti.deployment_unknown", 400, "Unknown deployment", 2021);
    public static readonly ProblemType RolesMissing = new("lti.roles_missing", 400, "The launch has no roles claim", 2022);
    public static readonly ProblemType ResourceLinkMissing = new("lti.resource_link_missing", 400, "The launch has no resource link", 2023);
    public static readonly ProblemType TargetLinkUriMismatch = new("lti.target_link_uri_mismatch", 400, "The launch targets another link than its login", 2024);
    public static readonly ProblemType PlatformKeysUnreachable = new("lti.platform_keys_unreachable", 502, "The LMS could not be reached", 2025);
    public static readonly ProblemType KidMissing = new("lti.kid_missing", 400, "The launch does not say which platform key signed it", 2026);
    public static readonly ProblemType CriticalHeaderRefused = new("lti.critical_header_refused", 400, "The launch's token has header extensions this tool does not understand", 2027);
    public static readonly ProblemType ClaimInvalid = new("lti.claim_invalid", 400, "A claim of the launch is missing or malformed", 2028);
    public static readonly ProblemType ClaimTooLong = new("lti.claim_too_long", 400, "A claim of the launch is longer than this tool takes", 2029);
    public static readonly ProblemType SubjectMissing = new("lti.subject_missing", 400, "The launch does not say who the user is", 2030);
    public static readonly ProblemType IdTokenTooLarge = new("lti.id_token_too_large", 413, "The launch's token is larger than this tool takes", 2031);
    public static readonly ProblemType PlatformInvalid = new("lti.platform_invalid", 400, "The platform registration is not valid", 2040);
    public static readonly ProblemType PlatformExists = new("lti.platform_exists", 409, "This platform is registered already", 2041);
    public static readonly ProblemType PlatformNotFound = new("lti.platform_not_found", 404, "No such platform", 2042);
    public static readonly ProblemType RegistrationInvalid = new("lti.registration_invalid", 400, "The dynamic registration cannot start", 2043);
    public static readonly ProblemType PlatformConfigurationInvalid = new("lti.platform_configuration_invalid", 502, "The platform's OpenID configuration is not usable", 2044);
    public static readonly ProblemType RegistrationRefused = new("lti.registration_refused", 502, "The platform refused the registration", 2045);
    public static readonly ProblemType DeepLinkingSettingsMissing = new("lti.deep_linking_settings_missing", 400, "The deep linking request has no usable settings", 2050);
    public static readonly ProblemType DeepLinkingStaffOnly = new("lti.deep_linking_staff_only", 403, "Only instructors add MicroCred to a course", 2051);
    public static readonly ProblemType DeepLinkingExpired = new("lti.deep_linking_expired", 400, "This choice has expired", 2052);
    public static readonly ProblemType DeepLinkingChoiceInvalid = new("lti.deep_linking_choice_invalid", 400, "Not a placement this course can take", 2053);
    public static readonly ProblemType LoginRateLimited = new("lti.login_rate_limited", 429, "Too many logins from this network; try again in a moment", 2032);
}
