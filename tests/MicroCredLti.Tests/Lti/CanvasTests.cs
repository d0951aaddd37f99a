using MicroCredLti.LtiTool;
using System.Net;
using MicroCredLti.Tests.Infrastructure;

namespace MicroCredLti.Tests.Lti;

/// <summary>Cloud Canvas: every account shares one issuer, so registrations are keyed by (issuer, client_id).</summary>
public sealed class CanvasTests : IAsyncLifetime
{
    private PlatformEmulator universityA = null!;
    private PlatformEmulator universityB = null!;
    private TestDatabase database = null!;
    private ToolHost tool = null!;

    /// <summary>Two Canvas accounts, each with its own developer key, both registered with the tool.</summary>
    public async Task InitializeAsync()
    {
        universityA = await PlatformEmulator.StartCanvasAsync();
        universityB = await PlatformEmulator.StartCanvasAsync();
        database = await TestDatabase.CreateAsync(Storage.Sqlite);
        tool = ToolHost.Start(database, new Dictionary<string, string?>(universityA.Registration(0).Concat(universityB.Registration(1))));
    }

    public async Task DisposeAsync()
    {
        await tool.DisposeAsync();
        await database.DisposeAsync();
        await universityB.DisposeAsync();
        await universityA.DisposeAsync();
    }
    private static readonly LmsUser Learner = new("535fa085f22b4655f48cd5a36a9215f64c062838", "Ada", "ada@example.edu", [LmsUser.Learner], "S-1001");
    private static readonly ResourceLink Link = new("f1d4e5a0-0c5c-4b8b-9a0e-3c1c2b7e1a11", "Module 1", "2f2f3c2a", "SC1x");

    [Fact]
    public async Task Two_Canvas_developer_keys_under_the_same_issuer_each_launch_as_their_own_registration()
    {
        var browser = new LtiBrowser(tool.CreateBrowser());

        (await browser.LaunchAsync(universityA, Learner, Link)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await browser.LaunchAsync(universityB, Learner, Link)).StatusCode.Should().Be(HttpStatusCode.OK);

        // A key from one account cannot pass for the other's: its tokens are checked against that registration's keys.
        universityB.SignWith = universityA.SigningKey;
        await (await browser.LaunchAsync(universityB, Learner, Link)).ShouldBeProblemAsync(LtiProblems.KidUnknown);
    }

    [Fact]
    public async Task A_login_naming_only_the_shared_issuer_is_refused_as_ambiguous()
    {
        var initiation = universityA.LoginInitiation(Learner, Link, LtiBrowser.TargetLinkUri);
        initiation.Remove("client_id");

        var response = await tool.CreateBrowser().PostAsync("/lti/login", new FormUrlEncodedContent(initiation));

        await response.ShouldBeProblemAsync(LtiProblems.PlatformAmbiguous);
    }
}
