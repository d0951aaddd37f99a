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
        // Statements come back as they were sent; IRIs keep their '+' and '&' instead of \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

public static class Verbs
{
    public const string Launched = "http://adlnet.gov/expapi/verbs/launched";
    public const string Completed = "http://adlnet.gov/expapi/verbs/completed";
    public const string Passed = "http://adlnet.gov/expapi/verbs/passed";
    public const string Failed = "http://adlnet.gov/expapi/verbs/failed";
    public const string Voided = "http://adlnet.gov/expapi/verbs/voided";
}
