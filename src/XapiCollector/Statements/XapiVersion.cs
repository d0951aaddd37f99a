using Microsoft.AspNetCore.Http;

namespace MicroCredLti.XapiCollector.Statements;

/// <summary>
/// The xAPI version a request speaks, from its X-Experience-API-Version header: it decides which rules its statements
/// meet (xAPI 2.0 adds context agents and groups, and statement versions 2.0.x).
/// </summary>
public enum XapiVersion
{
    V1_0_3,
    V2_0_0,
}

public static class XapiVersions
{
    /// <summary>The version of a request that <see cref="XapiVersionFilter"/> has let through.</summary>
    public static XapiVersion Of(HttpRequest request) =>
        request.Headers[XapiVersionFilter.Header].ToString().StartsWith("2.0", StringComparison.Ordinal) ? XapiVersion.V2_0_0 : XapiVersion.V1_0_3;

    /// <summary>The <c>version</c> an LRS gives a statement that arrives without one (Data 2.4.10).</summary>
    public static string DefaultStatementVersion(this XapiVersion version) => version == XapiVersion.V2_0_0 ? "2.0.0" : "1.0.0";
}
