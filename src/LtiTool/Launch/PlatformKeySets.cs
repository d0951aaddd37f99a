using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace MicroCredLti.LtiTool.Launch;

/// <summary>A platform's key set could not be had: unreachable, too slow, not HTTPS, or not a JWKS.</summary>
internal sealed class PlatformUnreachableException(string message, Exception? inner = null, bool timedOut = false) : Exception(message, inner)
{
    /// <summary>The platform did not answer within <see cref="LtiToolOptions.PlatformRequestTimeout"/>.</summary>
    public bool TimedOut { get; } = timedOut;
}

/// <summary>
/// Each platform's JWKS, cached for as long as its <c>Cache-Control: max-age</c> says (within
/// <see cref="MinimumAge"/>..<see cref="MaximumAge"/>; <see cref="DefaultAge"/> without one), and fetched again when a
/// token names a key it does not hold: platforms rotate keys by publishing the new one and signing with it. Launches that
/// notice the same unknown key at once share one fetch, and such fetches happen at most once per
/// <see cref="LtiToolOptions.KeySetRefetchInterval"/>, so unknown kids cannot flood the platform. A platform briefly
/// unreachable after a first fetch keeps being checked against the keys it published last.
/// </summary>
internal sealed class PlatformKeySets(IHttpClientFactory http, IOptions<LtiToolOptions> options, TimeProvider clock)
{
    public const string HttpClientName = "lti-platforms";
    public static readonly TimeSpan DefaultAge = TimeSpan.FromHours(1);
    public static readonly TimeSpan MinimumAge = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaximumAge = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<string, KeySetEntry> entries = new();

    /// <summary>The platform's signing key with <paramref name="kid"/>, or none if the platform does not publish it.</summary>
    public async Task<SecurityKey?> FindAsync(string jwksUri, string kid, CancellationToken cancellationToken)
    {
        var entry = entries.GetOrAdd(jwksUri, _ => new KeySetEntry());
        var keys = await entry.CurrentAsync(() => FetchAsync(jwksUri), clock, options.Value.KeySetRefetchInterval, refetchUnlessRecent: false);
        if (Find(keys, kid) is { } key) return key;
        keys = await entry.CurrentAsync(() => FetchAsync(jwksUri), clock, options.Value.KeySetRefetchInterval, refetchUnlessRecent: true);
        return Find(keys, kid);
    }

    private static SecurityKey? Find(FetchedKeySet keys, string kid) => keys.Keys.FirstOrDefault(k => k.KeyId == kid);

    private async Task<FetchedKeySet> FetchAsync(string jwksUri)
    {
        if (!options.Value.AllowInsecurePlatformEndpoints && !jwksUri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            throw new PlatformUnreachableException("it is not served over HTTPS");
        try
        {
            // Not the launch's cancellation: the fetch is shared with other launches and outlives any one of them.
            using var response = await http.CreateClient(HttpClientName).GetAsync(jwksUri, CancellationToken.None);
            response.EnsureSuccessStatusCode();
            var keys = new JsonWebKeySet(await response.Content.ReadAsStringAsync()).GetSigningKeys();
            return new FetchedKeySet(keys, clock.GetUtcNow(), LifetimeOf(response.Headers.CacheControl));
        }
        catch (HttpRequestException error) { throw new PlatformUnreachableException(error.Message, error); }
        catch (TaskCanceledException error) { throw new PlatformUnreachableException($"no answer within {options.Value.PlatformRequestTimeout}", error, timedOut: true); }
        catch (ArgumentException error) { throw new PlatformUnreachableException("its answer is not a JSON Web Key Set", error); }
    }

    private static TimeSpan LifetimeOf(CacheControlHeaderValue? cacheControl) =>
        cacheControl?.MaxAge is { } maxAge ? TimeSpan.FromTicks(Math.Clamp(maxAge.Ticks, MinimumAge.Ticks, MaximumAge.Ticks))
        : cacheControl is { NoStore: true } or { NoCache: true } ? MinimumAge
        : DefaultAge;

    private sealed record FetchedKeySet(IList<SecurityKey> Keys, DateTimeOffset FetchedAt, TimeSpan Lifetime);

    /// <summary>One platform's key set: the last one fetched, and the fetch in flight that every caller waits on.</summary>
    private sealed class KeySetEntry
    {
        private readonly Lock gate = new();
        private FetchedKeySet? current;
        private Task<FetchedKeySet>? fetching;

        public async Task<FetchedKeySet> CurrentAsync(Func<Task<FetchedKeySet>> fetch, TimeProvider clock, TimeSpan refetchInterval, bool refetchUnlessRecent)
        {
            Task<FetchedKeySet> pending;
            lock (gate)
            {
                var now = clock.GetUtcNow();
                var fresh = current is not null && (refetchUnlessRecent
                    ? now - current.FetchedAt < refetchInterval
                    : now - current.FetchedAt < current.Lifetime);
                if (fresh) return current!;
                pending = fetching ??= fetch();
            }
            try
            {
                var fetched = await pending;
                lock (gate) current = fetched;
                return fetched;
            }
            catch (PlatformUnreachableException) when (current is { } stale)
            {
                return stale;
            }
            finally
            {
                lock (gate) if (fetching == pending) fetching = null;
            }
        }
    }
}
