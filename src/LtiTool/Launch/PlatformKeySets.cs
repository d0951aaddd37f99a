using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace MicroCredLti.LtiTool.Launch;

/// <summary>
/// Caches each platform's JWKS and fetches it again when a token names a key it does not hold
/// (platforms rotate keys: Moodle and Canvas publish the new key before signing with it).
/// </summary>
internal sealed class PlatformKeySets(IHttpClientFactory http, IOptions<LtiToolOptions> options)
{
    public const string HttpClientName = "lti-platforms";
    private readonly ConcurrentDictionary<string, ConfigurationManager<JsonWebKeySet>> managers = new();

    public async Task<IList<SecurityKey>> GetSigningKeysAsync(string jwksUri, CancellationToken cancellationToken) =>
        (await Manager(jwksUri).GetConfigurationAsync(cancellationToken)).GetSigningKeys();

    public void RequestRefresh(string jwksUri) => Manager(jwksUri).RequestRefresh();

    private ConfigurationManager<JsonWebKeySet> Manager(string jwksUri) =>
        managers.GetOrAdd(jwksUri, uri => new ConfigurationManager<JsonWebKeySet>(uri, new KeySetRetriever(),
            new HttpDocumentRetriever(http.CreateClient(HttpClientName)) { RequireHttps = !options.Value.AllowInsecurePlatformEndpoints })
        {
            RefreshInterval = TimeSpan.FromSeconds(5),
        });

    private sealed class KeySetRetriever : IConfigurationRetriever<JsonWebKeySet>
    {
        public async Task<JsonWebKeySet> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel) =>
            new(await retriever.GetDocumentAsync(address, cancel));
    }
}
