using System.Net;
using System.Text.RegularExpressions;

namespace MicroCredLti.Tests.Infrastructure;

/// <summary>
/// Plays the user's browser through an LTI 1.3 launch: posts the platform's login initiation to the tool, follows the
/// tool's redirect to the platform's authorization endpoint over real HTTP, and submits the platform's auto-post form
/// back to the tool.
/// </summary>
public sealed partial class LtiBrowser(HttpClient tool)
{
    private static readonly HttpClient Platform = new();

    public const string TargetLinkUri = "https://localhost/lti/launch";

    /// <summary>Ask for HTML, as a real browser does; otherwise the tool answers as to an API client.</summary>
    public bool AcceptHtml { get; init; }

    public async Task<HttpResponseMessage> LaunchAsync(PlatformEmulator platform, LmsUser user, ResourceLink link, string targetLinkUri = TargetLinkUri,
        string loginPath = "/lti/login")
    {
        var login = await tool.PostAsync(loginPath, new FormUrlEncodedContent(platform.LoginInitiation(user, link, targetLinkUri)));
        if (login.StatusCode != HttpStatusCode.Redirect) return login;

        var authorization = await Platform.GetAsync(login.Headers.Location);
        authorization.EnsureSuccessStatusCode();
        var (action, fields) = ReadAutoPostForm(await authorization.Content.ReadAsStringAsync());
        return await PostFormAsync(action, fields);
    }

    /// <summary>What a browser sends when the user refreshes the launch page: the same form again.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string action, IReadOnlyDictionary<string, string> fields)
    {
        LastForm = (action, fields);
        var post = new HttpRequestMessage(HttpMethod.Post, new Uri(action).PathAndQuery) { Content = new FormUrlEncodedContent(fields) };
        if (AcceptHtml) post.Headers.Accept.ParseAdd("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
        return tool.SendAsync(post);
    }

    public (string Action, IReadOnlyDictionary<string, string> Fields) LastForm { get; private set; }

    private static (string Action, IReadOnlyDictionary<string, string> Fields) ReadAutoPostForm(string html)
    {
        var action = WebUtility.HtmlDecode(FormAction().Match(html).Groups[1].Value);
        var fields = HiddenInput().Matches(html).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        return (action, fields);
    }

    [GeneratedRegex("<form[^>]*action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenInput();
}
