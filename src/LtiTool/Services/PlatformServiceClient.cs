using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MicroCredLti.LtiTool.Registration;

namespace MicroCredLti.LtiTool.Services;

/// <summary>
/// Calls a platform's LTI Advantage services with a bearer token for the scopes asked: one fresh token when the platform
/// answers 401 to a cached one, <see cref="PlatformServiceException"/> for any other refusal, and the paging of
/// <c>Link: rel="next"</c>. Retries on busy answers are the HTTP client's (see <see cref="LtiToolExtensions"/>).
/// </summary>
internal sealed class PlatformServiceClient(IHttpClientFactory http, PlatformAccessTokens tokens)
{
    public async Task<HttpResponseMessage> SendAsync(PlatformRegistration platform, IReadOnlyCollection<string> scopes, HttpMethod method, string url,
        string accept, string? body = null, string? contentType = null, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(platform, scopes, cancellationToken));
            request.Headers.Accept.ParseAdd(accept);
            if (body is not null)
                request.Content = new StringContent(body, Encoding.UTF8) { Headers = { ContentType = new MediaTypeHeaderValue(contentType ?? accept) } };
            var response = await http.CreateClient(PlatformAccessTokens.HttpClientName).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode) return response;
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 1)
            {
                tokens.Forget(platform, scopes); // expired or revoked early: one fresh token, then give up
                continue;
            }
            throw new PlatformServiceException((int)response.StatusCode,
                $"{platform.Name} answered {(int)response.StatusCode} to {method} {url}: {PlatformAnswers.Excerpt(text)}");
        }
    }

    /// <summary>The <c>rel="next"</c> target of a Link header (RFC 8288), if any.</summary>
    public static string? NextPage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links)) return null;
        foreach (var link in links.SelectMany(l => l.Split(',')))
        {
            var parts = link.Split(';').Select(p => p.Trim()).ToList();
            if (parts.Skip(1).Any(p => p.Replace(" ", "") is "rel=\"next\"" or "rel=next") && parts[0].StartsWith('<') && parts[0].EndsWith('>'))
                return parts[0][1..^1];
        }
        return null;
    }
}
