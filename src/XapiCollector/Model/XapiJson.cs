using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MicroCredLti.XapiCollector.Model;

public static class XapiJson
{
    /// <summary>
    /// Strict reading: an LRS rejects statements with properties the specification does not define
    /// (xAPI 1.0.3 Part Two, 2.2 "Formatting Requirements").
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
        PropertyNameCaseInsensitive = false,
        // Data 2.2.s3.b7 leaves a repeated property undefined; reading the last one would store what the client may not mean.
        AllowDuplicateProperties = false,
        // Statements come back as they were sent; IRIs keep their '+' and '&' instead of \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    internal const string InnerPathKey = "xapi.inner-path";

    /// <summary>
    /// The JSON path of a read failure: the serializer's, completed by what a converter that reads nested values (such as
    /// <see cref="SingleOrArrayConverter{T}"/>) knows of where inside its property the failure was.
    /// </summary>
    public static string PathOf(JsonException e) => (e.Path ?? "$") + (e.Data[InnerPathKey] as string ?? "");
}

public static class Verbs
{
    public const string Launched = "http://adlnet.gov/expapi/verbs/launched";
    public const string Completed = "http://adlnet.gov/expapi/verbs/completed";
    public const string Passed = "http://adlnet.gov/expapi/verbs/passed";
    public const string Failed = "http://adlnet.gov/expapi/verbs/failed";
    public const string Voided = "http://adlnet.gov/expapi/verbs/voided";
}
