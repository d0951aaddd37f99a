using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MicroCredLti.LtiTool;
using MicroCredLti.ServiceDefaults.Problems;
using MicroCredLti.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace MicroCredLti.Tests.Lti;

/// <summary>
/// The checks of the 1EdTech certification suite and the Security Framework (5.1.3) on every launch: the token's form
/// and header, the key its kid names and no other, each claim's type and size, the rules of its message type. Every
/// refusal has its own code, is never a 5xx, and writes nothing.
/// </summary>
public sealed class LaunchHardeningTests : IAsyncLifetime
{
    private const string Lti = "https://purl.imsglobal.org/spec/lti/claim/";
    private static readonly LmsUser Learner = new("42", "Ada Lovelace", "ada@example.edu", [LmsUser.Learner], StudentId: "S-1001");
    private static readonly ResourceLink Unit1 = new("7", "Unit 1", "101", "SC1x");

    private LtiWorld world = null!;

    private PlatformEmulator platform => world.Platform;
    private ToolHost tool => world.Tool;

    public async Task InitializeAsync() => world = await LtiWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task A_token_without_a_kid_is_refused_even_when_signed_with_the_platform_key()
    {
        platform.SignWith = new RsaSecurityKey(platform.SigningKey.Rsa);

        await (await LaunchAsync()).ShouldBeProblemAsync(LtiProblems.KidMissing);
        (await Statements()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_token_whose_kid_the_platform_does_not_publish_is_refused_though_its_signature_fits_a_published_key()
    {
        platform.SignWith = new RsaSecurityKey(platform.SigningKey.Rsa) { KeyId = "not-a-published-kid" };

        await (await LaunchAsync()).ShouldBeProblemAsync(LtiProblems.KidUnknown);
    }

    [Fact]
    public async Task A_token_with_critical_header_extensions_is_refused()
    {
        platform.ExtraHeader = new Dictionary<string, object> { ["crit"] = new[] { "http://example.com/ext" }, ["http://example.com/ext"] = true };

        await (await LaunchAsync()).ShouldBeProblemAsync(LtiProblems.CriticalHeaderRefused);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("RS512")]
    public async Task A_token_not_signed_RS256_is_refused(string alg)
    {
        platform.AlterIdToken = IdTokenSurgery.Resigned(platform.SigningKey, header: h => h["alg"] = alg);

        await (await LaunchAsync()).ShouldBeProblemAsync(LtiProblems.AlgorithmRefused);
    }

    [Fact]
    public async Task A_launch_without_sub_is_refused_unless_anonymous_launches_are_allowed_and_then_records_nothing()
    {
        platform.AlterClaims = claims => claims.Remove("sub");
        await (await LaunchAsync()).ShouldBeProblemAsync(LtiProblems.SubjectMissing);

        await world.RestartAsync(("Lti:AllowAnonymousLaunches", "true"));
        (await LaunchAsync()).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Statements()).Should().BeEmpty("an anonymous launch has no learner to record for");
    }

    [Fact]
    public async Task An_empty_sub_is_refused_before_anything_is_written()
    {
        platform.AlterClaims = claims => claims["sub"] = "";

        await (await LaunchAsync()).ShouldBeProblemAsync(LtiProblems.SubjectMissing);
        (await tool.CreateClient().WithLrsHeaders().GetAsync("/xapi/agents?agent=" + Uri.EscapeDataString(
            $"{{\"account\":{{\"homePage\":\"{platform.Issuer}\",\"name\":\"\"}}}}"))).StatusCode.Should().NotBe(HttpStatusCode.InternalServerError);
        (await Statements()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("context", "id")]
    [InlineData("lis", "person_sourcedid")]
    [InlineData("resource_link", "id")]
    public async Task An_oversized_claim_is_refused_by_name_and_never_reaches_the_database(string claim, string member)
    {
        platform.AlterClaims = claims => claims[Lti + claim] = new Dictionary<string, object> { [member] = new string('x', 10_000) };

        var problem = await (await LaunchAsync()).ShouldBeProblemAsync(LtiProblems.ClaimTooLong);
        problem["detail"]!.GetValue<string>().Should().Contain($"{Lti}{claim}.{member}");
        (await Statements()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_launch_without_a_roles_claim_is_refused_and_roles_of_the_wrong_type_are_named()
    {
        platform.AlterClaims = claims => claims.Remove(Lti + "roles");
        await (await LaunchAsync()).ShouldBeProblemAsync(LtiProblems.RolesMissing);

        platform.AlterClaims = claims => claims[Lti + "roles"] = "Learner";
        var problem = await (await LaunchAsync()).ShouldBeProblemAsync(LtiProblems.ClaimInvalid);
        problem["detail"]!.GetValue<string>().Should().Contain(Lti + "roles");
    }

    [Fact]
    public async Task A_token_issued_in_the_future_is_refused()
    {
        platform.AlterIdToken = IdTokenSurgery.Resigned(platform.SigningKey, payload: p => p["iat"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds());

        await (await LaunchAsync()).ShouldBeProblemAsync(LtiProblems.TokenNotYetValid);
    }

    [Fact]
    public async Task A_key_set_that_answers_too_slowly_is_a_gateway_timeout_page_not_a_500()
    {
        await world.RestartAsync(("Lti:PlatformRequestTimeout", "00:00:01"));
        platform.KeySetDelay = TimeSpan.FromSeconds(3);

        var response = await new LtiBrowser(tool.CreateBrowser()) { AcceptHtml = true }.LaunchAsync(platform, Learner, Unit1);

        response.StatusCode.Should().Be(HttpStatusCode.GatewayTimeout);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await response.Content.ReadAsStringAsync()).Should().Contain(CommonProblems.UpstreamTimeout.Code);
    }

    [Fact]
    public async Task Launches_that_meet_an_unknown_kid_at_once_share_one_key_set_fetch_and_cache_headers_are_honoured()
    {
        await world.RestartAsync(("Lti:KeySetRefetchInterval", "00:00:00"));
        platform.KeySetCacheControl = "max-age=3600";
        var browser = new LtiBrowser(tool.CreateBrowser());
        (await browser.LaunchAsync(platform, Learner, Unit1)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await browser.LaunchAsync(platform, Learner, Unit1)).StatusCode.Should().Be(HttpStatusCode.OK);
        platform.KeySetFetches.Should().Be(1, "the key set is kept for the hour its max-age allows");

        platform.SigningKey = PlatformEmulator.NewKey();
        platform.KeySetDelay = TimeSpan.FromSeconds(1);
        var launches = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => new LtiBrowser(tool.CreateBrowser()).LaunchAsync(platform, Learner, Unit1)));

        launches.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        platform.KeySetFetches.Should().Be(2, "five launches that meet the new kid together wait on one fetch");
    }

    [Fact]
    public async Task Oversized_launch_requests_are_refused_before_they_are_read()
    {
        await using var loopback = ToolHost.StartOnLoopback(world.Database, platform.Registration());
        var browser = new HttpClient { BaseAddress = loopback.LoopbackAddress };
        // As a browser or proxy that announces its body: the tool answers before taking 35 MB in.
        var upload = new HttpRequestMessage(HttpMethod.Post, "/lti/launch")
        {
            Content = new ByteArrayContent(new byte[35 * 1024 * 1024]) { Headers = { ContentType = new("application/x-www-form-urlencoded") } },
        };
        upload.Headers.ExpectContinue = true;
        (await browser.SendAsync(upload)).StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);

        var manyFields = string.Join('&', Enumerable.Range(0, 100_000).Select(i => $"f{i}=1"));
        var fields = await browser.PostAsync("/lti/launch", new StringContent(manyFields, Encoding.ASCII, "application/x-www-form-urlencoded"));
        ((int)fields.StatusCode).Should().BeOneOf(400, 413);
    }

    [Fact]
    public async Task An_id_token_with_a_NUL_byte_or_beyond_64_kB_is_refused_as_such()
    {
        platform.AlterIdToken = token => token + "\0";
        var nul = await LaunchAsync();
        nul.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the form reader itself refuses a NUL in a value");
        nul.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");

        platform.AlterIdToken = token => token + "." + new string('A', 70_000);
        await (await LaunchAsync()).ShouldBeProblemAsync(LtiProblems.IdTokenTooLarge);
    }

    [Fact]
    public async Task Login_initiations_beyond_the_limit_for_one_address_get_429_with_Retry_After()
    {
        await world.RestartAsync(("Lti:LoginsPerMinutePerAddress", "3"));
        var browser = tool.CreateBrowser();
        var login = () => browser.PostAsync("/lti/login", new FormUrlEncodedContent(platform.LoginInitiation(Learner, Unit1, LtiBrowser.TargetLinkUri)));
        for (var i = 0; i < 3; i++) (await login()).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var refused = await login();

        await refused.ShouldBeProblemAsync(LtiProblems.LoginRateLimited);
        refused.Headers.RetryAfter.Should().NotBeNull();
    }

    [Fact]
    public async Task Behind_a_TLS_terminating_proxy_the_login_cookie_is_secure_cross_site_and_partitioned()
    {
        await world.RestartAsync(("MicroCred:Proxy:TrustAll", "true"));
        var login = new HttpRequestMessage(HttpMethod.Post, "/lti/login")
        {
            Content = new FormUrlEncodedContent(platform.LoginInitiation(Learner, Unit1, "https://tool.example.edu/lti/launch")),
        };
        login.Headers.Add("X-Forwarded-Proto", "https");
        login.Headers.Add("X-Forwarded-Host", "tool.example.edu");

        var response = await tool.CreateClient().SendAsync(login);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var cookie = response.Headers.GetValues("Set-Cookie").Single().ToLowerInvariant();
        cookie.Should().Contain("secure").And.Contain("samesite=none").And.Contain("partitioned");
        Uri.UnescapeDataString(response.Headers.Location!.Query).Should().Contain("redirect_uri=https://tool.example.edu/lti/launch");
    }

    /// <summary>
    /// Hundreds of mutated id_tokens: claims removed, retyped or oversized, the header's alg and kid changed, signatures
    /// broken, lifetimes and audiences wrong. None is accepted, none is a 5xx, none records anything.
    /// </summary>
    [Fact]
    public async Task No_mutated_id_token_is_accepted_or_answered_with_a_server_error()
    {
        var mutations = Mutations(platform.SigningKey).ToList();
        mutations.Count.Should().BeGreaterThan(150);
        var failures = new List<string>();
        foreach (var (name, mutate) in mutations)
        {
            platform.AlterIdToken = mutate;
            var response = await LaunchAsync();
            var status = (int)response.StatusCode;
            if (status is < 400 or >= 500)
                failures.Add($"{name}: {status} {await response.Content.ReadAsStringAsync()}");
        }
        platform.AlterIdToken = null;

        failures.Should().BeEmpty(string.Join("\n", failures.Select(f => f[..Math.Min(f.Length, 200)])));
        (await Statements()).Should().BeEmpty();
        (await LaunchAsync()).StatusCode.Should().Be(HttpStatusCode.OK, "the tool still takes a good launch after all that");
    }

    private static IEnumerable<(string Name, Func<string, string> Mutate)> Mutations(RsaSecurityKey key)
    {
        string[] topLevel = ["iss", "aud", "exp", "iat", "nonce", "sub", Lti + "version", Lti + "message_type", Lti + "deployment_id",
            Lti + "target_link_uri", Lti + "roles", Lti + "resource_link"];
        JsonNode?[] wrongValues = [42, true, new JsonObject(), new JsonArray(), null, "", new string('x', 100_000)];
        foreach (var claim in topLevel)
        {
            yield return ($"{claim} removed", IdTokenSurgery.Resigned(key, p => p.Remove(claim)));
            // An empty roles array is a valid launch (Core 5.3.7: a user may have no role in the context).
            foreach (var value in wrongValues.Where(v => !(claim == Lti + "roles" && v is JsonArray)))
                yield return ($"{claim} = {Describe(value)}", IdTokenSurgery.Resigned(key, p => p[claim] = value?.DeepClone()));
        }
        foreach (var (claim, member) in new[] { ("resource_link", "id"), ("context", "id"), ("lis", "person_sourcedid"), ("tool_platform", "guid"), ("custom", "x") })
            // An empty student id or custom value is a value, not a fault, and a custom number or boolean means its text
            // (Core 5.4.6); ids must not be empty.
            foreach (var value in wrongValues.Where(v => !(member is "person_sourcedid" or "x" && v is JsonValue e && e.TryGetValue<string>(out var text) && text == "")
                         && !(member == "x" && v is JsonValue scalar && scalar.GetValueKind() is System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.True)))
                yield return ($"{claim}.{member} = {Describe(value)}", IdTokenSurgery.Resigned(key, p =>
                {
                    var holder = p[Lti + claim] as JsonObject ?? new JsonObject();
                    holder[member] = value?.DeepClone();
                    p[Lti + claim] = holder.DeepClone();
                }));
        yield return ("roles hold a number", IdTokenSurgery.Resigned(key, p => p[Lti + "roles"] = new JsonArray("Learner", 42)));
        yield return ("aud is a list without azp", IdTokenSurgery.Resigned(key, p => p["aud"] = new JsonArray(p["aud"]!.DeepClone(), "another-tool")));
        yield return ("aud is a list with another azp", IdTokenSurgery.Resigned(key, p =>
        {
            p["aud"] = new JsonArray(p["aud"]!.DeepClone(), "another-tool");
            p["azp"] = "another-tool";
        }));
        yield return ("issuer with a trailing slash", IdTokenSurgery.Resigned(key, p => p["iss"] = p["iss"]!.GetValue<string>() + "/"));
        yield return ("expired two minutes ago", IdTokenSurgery.Resigned(key, p => p["exp"] = DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeSeconds()));
        yield return ("not valid for an hour", IdTokenSurgery.Resigned(key, p => p["nbf"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()));
        yield return ("issued tomorrow", IdTokenSurgery.Resigned(key, p => p["iat"] = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds()));
        yield return ("another nonce", IdTokenSurgery.Resigned(key, p => p["nonce"] = "replayed-nonce"));
        yield return ("deep linking request", IdTokenSurgery.Resigned(key, p => p[Lti + "message_type"] = "LtiDeepLinkingRequest"));

        foreach (var alg in new[] { "none", "HS256", "RS384", "RS512", "ES256", "PS256", "" })
            yield return ($"alg {alg}", IdTokenSurgery.Resigned(key, header: h => h["alg"] = alg));
        yield return ("alg none, unsigned", token =>
        {
            var (h, p) = IdTokenSurgery.Open(token);
            h["alg"] = "none";
            return $"{IdTokenSurgery.Encode(h)}.{IdTokenSurgery.Encode(p)}.";
        });
        yield return ("HS256 keyed with the platform's public key", token =>
        {
            var (h, p) = IdTokenSurgery.Open(token);
            h["alg"] = "HS256";
            var input = $"{IdTokenSurgery.Encode(h)}.{IdTokenSurgery.Encode(p)}";
            var publicKey = key.Rsa.ExportSubjectPublicKeyInfo();
            return $"{input}.{Base64UrlEncoder.Encode(HMACSHA256.HashData(publicKey, Encoding.ASCII.GetBytes(input)))}";
        });
        foreach (var kid in new JsonNode?[] { null, "", "unknown", "../../../etc/passwd", 42, new JsonArray() })
            yield return ($"kid {Describe(kid)}", IdTokenSurgery.Resigned(key, header: h => { if (kid is null) h.Remove("kid"); else h["kid"] = kid.DeepClone(); }));
        yield return ("crit header", IdTokenSurgery.Resigned(key, header: h => h["crit"] = new JsonArray("exp")));
        yield return ("header not JSON", token => Base64UrlEncoder.Encode("not json") + token[token.IndexOf('.')..]);
        yield return ("payload not JSON", token =>
        {
            var parts = token.Split('.');
            return $"{parts[0]}.{Base64UrlEncoder.Encode("[1,2")}.{parts[2]}";
        });
        yield return ("payload changed after signing", token =>
        {
            var (h, p) = IdTokenSurgery.Open(token);
            p["sub"] = "someone-else";
            return $"{IdTokenSurgery.Encode(h)}.{IdTokenSurgery.Encode(p)}.{token.Split('.')[2]}";
        });
        yield return ("signature truncated", token => token[..^10]);
        yield return ("signature flipped", token => token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1]);
        yield return ("no signature", token => token[..(token.LastIndexOf('.') + 1)]);
        yield return ("four segments", token => token + ".AAAA");
        yield return ("two segments", token => token[..token.LastIndexOf('.')]);
        yield return ("padding", token => token + "==");
        yield return ("spaces", token => token.Insert(10, " "));
        yield return ("NUL", token => token.Insert(10, "\0"));
        yield return ("not base64", token => token.Replace('A', '*'));
        yield return ("empty", _ => "");
        yield return ("JSON instead of a JWT", _ => "{\"alg\":\"none\"}");
        yield return ("100 kB", token => token + new string('A', 100_000));
    }

    private static string Describe(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length > 40 ? $"a {s.Length:N0}-character string" : $"\"{s}\"",
        _ => value.ToJsonString(),
    };

    private Task<HttpResponseMessage> LaunchAsync() => world.LaunchAsync(Learner, Unit1);

    private Task<JsonArray> Statements() => world.StatementsAsync();
}
