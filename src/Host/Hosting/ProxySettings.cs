using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace MicroCredLti.Host.Hosting;

/// <summary>
/// Behind a TLS-terminating proxy or ingress the host sees plain http: without the proxy's X-Forwarded-Proto and
/// X-Forwarded-Host its cookies lose <c>Secure</c> and <c>SameSite=None</c>, so the LMS's cross-site launch comes back
/// without them, and the URLs it gives platforms (dynamic registration, deep linking) are wrong. The proxies whose
/// headers count are named in <c>MicroCred:Proxy</c>: loopback always, <c>KnownProxies</c> (addresses),
/// <c>KnownNetworks</c> (CIDR, e.g. a cluster's pod network), or <c>TrustAll</c> where only the proxy can reach the host.
/// </summary>
internal sealed class ProxySettings
{
    public const string Section = "MicroCred:Proxy";

    public List<string> KnownProxies { get; set; } = [];
    public List<string> KnownNetworks { get; set; } = [];
    public bool TrustAll { get; set; }

    public static void Apply(IConfiguration configuration, ForwardedHeadersOptions options)
    {
        var settings = configuration.GetSection(Section).Get<ProxySettings>() ?? new ProxySettings();
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        if (settings.TrustAll)
        {
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            return;
        }
        foreach (var proxy in settings.KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
        foreach (var network in settings.KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
    }
}
