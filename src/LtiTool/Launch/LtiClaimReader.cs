using System.Text.Json;

namespace MicroCredLti.LtiTool.Launch;

/// <summary>Why a claim was refused: missing, of the wrong JSON type, or longer than the tool keeps.</summary>
internal sealed record ClaimFault(string Claim, string Problem, bool TooLong = false);

/// <summary>
/// Reads an id_token's payload into an <see cref="LtiLaunch"/>, checking each claim's JSON type and length as it goes.
/// Which claims are required is for <see cref="LaunchRules"/>; here a claim that is present must be well formed.
/// </summary>
internal sealed class LtiClaimReader(JsonElement payload)
{
    /// <summary>Identifiers: OIDC and LTI 1.3 Core bound ids (sub, resource link, context, deployment) at 255 characters.</summary>
    public const int MaxIdLength = 255;

    /// <summary>A student id as the learner directory keeps it.</summary>
    public const int MaxStudentIdLength = 200;

    /// <summary>Titles, names, URLs and the like; far more than any platform sends, far less than a database error.</summary>
    public const int MaxTextLength = 2_048;

    private const string Lti = LtiLaunch.ClaimPrefix;

    public List<ClaimFault> Faults { get; } = [];

    public static (LtiLaunch? Launch, IReadOnlyList<ClaimFault> Faults) Read(JsonElement payload)
    {
        var reader = new LtiClaimReader(payload);
        var launch = reader.Launch();
        return (reader.Faults.Count == 0 ? launch : null, reader.Faults);
    }

    private LtiLaunch Launch() => new()
    {
        MessageType = Text(payload, Lti + "message_type", MaxIdLength) ?? "",
        Version = Text(payload, Lti + "version", MaxIdLength) ?? "",
        DeploymentId = Text(payload, Lti + "deployment_id", MaxIdLength) ?? "",
        TargetLinkUri = Text(payload, Lti + "target_link_uri", MaxTextLength) ?? "",
        Subject = Text(payload, "sub", MaxIdLength),
        Name = Text(payload, "name", MaxTextLength),
        Email = Text(payload, "email", MaxTextLength),
        RolesClaim = Texts(payload, Lti + "roles", MaxTextLength),
        ResourceLink = Object(payload, Lti + "resource_link", (o, at) =>
            new ResourceLinkClaim(Required(o, at, "id", MaxIdLength), Text(o, "title", MaxTextLength, at), Text(o, "description", MaxTextLength, at))),
        Context = Object(payload, Lti + "context", (o, at) =>
            new ContextClaim(Required(o, at, "id", MaxIdLength), Text(o, "label", MaxTextLength, at), Text(o, "title", MaxTextLength, at),
                Texts(o, "type", MaxTextLength, at) ?? [])),
        Lis = Object(payload, Lti + "lis", (o, at) =>
            new LisClaim(NullIfEmpty(Text(o, "person_sourcedid", MaxStudentIdLength, at)), NullIfEmpty(Text(o, "course_section_sourcedid", MaxTextLength, at)))),
        ToolPlatform = Object(payload, Lti + "tool_platform", (o, at) =>
            new ToolPlatformClaim(Required(o, at, "guid", MaxIdLength), Text(o, "name", MaxTextLength, at),
                Text(o, "product_family_code", MaxTextLength, at), Text(o, "version", MaxTextLength, at))),
        Ags = Object(payload, "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint", (o, at) =>
            new AgsEndpointClaim(Texts(o, "scope", MaxTextLength, at) ?? [], Text(o, "lineitems", MaxTextLength, at), Text(o, "lineitem", MaxTextLength, at))),
        Nrps = Object(payload, "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice", (o, at) =>
            new NrpsClaim(Required(o, at, "context_memberships_url", MaxTextLength), Texts(o, "service_versions", MaxIdLength, at) ?? [])),
        DeepLinking = Object(payload, "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings", (o, at) =>
            new DeepLinkingSettingsClaim(Required(o, at, "deep_link_return_url", MaxTextLength), Texts(o, "accept_types", MaxIdLength, at) ?? [],
                Texts(o, "accept_presentation_document_targets", MaxIdLength, at) ?? [], Flag(o, "accept_multiple", at), Flag(o, "auto_create", at),
                Text(o, "title", MaxTextLength, at), Text(o, "text", MaxTextLength, at), Text(o, "data", MaxTextLength, at))),
        Custom = Custom(payload, Lti + "custom"),
        Nonce = Text(payload, "nonce", MaxTextLength) ?? "",
    };

    private string? Text(JsonElement parent, string name, int maxLength, string? at = null)
    {
        if (!parent.TryGetProperty(name, out var value)) return null;
        var claim = Path(at, name);
        if (value.ValueKind != JsonValueKind.String) return Fault(claim, $"must be a string, not {Kind(value)}");
        var text = value.GetString()!;
        if (text.Length > maxLength) return Fault(claim, $"is {text.Length:N0} characters long; this tool takes at most {maxLength:N0}", tooLong: true);
        return text.Contains('\0') ? Fault(claim, "contains a NUL character") : text;
    }

    private string Required(JsonElement parent, string at, string name, int maxLength)
    {
        if (!parent.TryGetProperty(name, out _)) Faults.Add(new ClaimFault(Path(at, name), "is required"));
        var text = Text(parent, name, maxLength, at);
        if (text is "") Fault(Path(at, name), "must not be empty");
        return text ?? "";
    }

    private List<string>? Texts(JsonElement parent, string name, int maxLength, string? at = null)
    {
        if (!parent.TryGetProperty(name, out var value)) return null;
        var claim = Path(at, name);
        if (value.ValueKind != JsonValueKind.Array)
        {
            Fault(claim, $"must be an array of strings, not {Kind(value)}");
            return null;
        }
        var texts = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) { Fault(claim, $"must hold only strings, not {Kind(item)}"); continue; }
            var text = item.GetString()!;
            if (text.Length > maxLength) Fault(claim, $"holds a value of {text.Length:N0} characters; this tool takes at most {maxLength:N0}", tooLong: true);
            else texts.Add(text);
        }
        return texts;
    }

    private bool Flag(JsonElement parent, string name, string at)
    {
        if (!parent.TryGetProperty(name, out var value)) return false;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        Fault(Path(at, name), $"must be true or false, not {Kind(value)}");
        return false;
    }

    private T? Object<T>(JsonElement parent, string name, Func<JsonElement, string, T> read) where T : class
    {
        if (!parent.TryGetProperty(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Object) return read(value, name);
        Fault(name, $"must be an object, not {Kind(value)}");
        return null;
    }

    /// <summary>Custom parameters are strings (Core 5.4.6); a platform that sends a number or a boolean means its text.</summary>
    private IReadOnlyDictionary<string, string> Custom(JsonElement parent, string name)
    {
        var custom = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!parent.TryGetProperty(name, out var values)) return custom;
        if (values.ValueKind != JsonValueKind.Object)
        {
            Fault(name, $"must be an object, not {Kind(values)}");
            return custom;
        }
        foreach (var property in values.EnumerateObject())
        {
            var text = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                _ => Fault(Path(name, property.Name), $"must be a string, not {Kind(property.Value)}"),
            };
            if (text is { Length: > MaxTextLength }) Fault(Path(name, property.Name), $"is longer than {MaxTextLength:N0} characters", tooLong: true);
            else if (text is not null) custom[property.Name] = text;
        }
        return custom;
    }

    private static string? NullIfEmpty(string? text) => text is "" ? null : text;

    private string? Fault(string claim, string problem, bool tooLong = false)
    {
        Faults.Add(new ClaimFault(claim, problem, tooLong));
        return null;
    }

    private static string Path(string? at, string name) => at is null ? name : $"{at}.{name}";

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
