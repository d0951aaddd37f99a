using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace MicroCredLti.LtiTool.Launch;

/// <summary>
/// Caches each platform's JWKS and fetches it again when a token names a key it does not hold: platforms rotate
/// keys by publishing the new one and signing with it. A refetch waits for the fresh set (unlike
/// ConfigurationManager, which refreshes in the background and would fail the launch that noticed the rotation),
/// and happens at most once per <see cref="LtiToolOptions.KeySetRefetchInterval"/>, so unknown kids cannot flood the platform.
/// </summary>
internal sealed class PlatformKeySets(IHttpClientFactory http, IOptions<LtiToolOptions> options, TimeProvider clock)
{
    public const string HttpClientName = "lti-platforms";
    private static readonly TimeSpan MaximumAge = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, Task<CachedKeySet>> cache = new();

    public async Task<IList<SecurityKey>> GetSigningKeysAsync(string jwksUri, CancellationToken cancellationToken)
    {
        var cached = await CachedAsync(jwksUri);
        if (clock.GetUtcNow() - cached.FetchedAt > MaximumAge) cached = await RefetchAsync(jwksUri, cached);
        return cached.Keys;
    }

    /// <summary>Fetches the key set again, unless it was fetched moments ago.</summary>
    public async Task<IList<SecurityKey>> RefreshAsync(string jwksUri, CancellationToken cancellationToken)
    {
        var cached = await CachedAsync(jwksUri);
        return (clock.GetUtcNow() - cached.FetchedAt < options.Value.KeySetRefetchInterval ? cached : await RefetchAsync(jwksUri, cached)).Keys;
    }

    /// <summary>The cached set, fetched on first use. A failed first fetch is not kept, so the next launch tries again.</summary>
    private async Task<CachedKeySet> CachedAsync(string jwksUri)
    {
        var fetch = cache.GetOrAdd(jwksUri, uri => FetchAsync(uri, CancellationToken.None));
        try
        {
            return await fetch;
        }
        catch
        {
            cache.TryRemove(new KeyValuePair<string, Task<CachedKeySet>>(jwksUri, fetch));
            throw;
        }
    }

    private async Task<CachedKeySet> RefetchAsync(string jwksUri, CachedKeySet stale)
    {
        var fetch = FetchAsync(jwksUri, CancellationToken.None);
        try
        {
            var fresh = await fetch;
            cache[jwksUri] = fetch;
            return fresh;
        }
        catch (HttpRequestException)
        {
            return stale; // the platform is briefly unreachable: keep using the keys it published last
        }
    }

    private async Task<CachedKeySet> FetchAsync(string jwksUri, CancellationToken cancellationToken)
    {
        if (!options.Value.AllowInsecurePlatformEndpoints && !jwksUri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Platform key set {jwksUri} is not served over HTTPS.");
        var json = await http.CreateClient(HttpClientName).GetStringAsync(jwksUri, cancellationToken);
        return new CachedKeySet(new JsonWebKeySet(json).GetSigningKeys(), clock.GetUtcNow());
    }

    private sealed record CachedKeySet(IList<SecurityKey> Keys, DateTimeOffset FetchedAt);
}
