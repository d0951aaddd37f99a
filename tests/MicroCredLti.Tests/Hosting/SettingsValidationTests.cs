using MicroCredLti.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace MicroCredLti.Tests.Hosting;

/// <summary>
/// A misconfigured deployment stops before it serves a request, and says which entry of which setting is wrong —
/// one message per bad entry, for every module and for storage.
/// </summary>
public sealed class SettingsValidationTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync(Storage.Sqlite);

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public void Storage_on_PostgreSQL_without_a_connection_string_stops_the_host()
    {
        StartupFailures(new()
        {
            ["MicroCred:Storage:Provider"] = "PostgreSql",
            ["MicroCred:Storage:ConnectionString"] = "",
        }).Should().Contain("MicroCred:Storage:ConnectionString is required for PostgreSql.");
    }

    [Fact]
    public void Each_bad_platform_entry_is_named_with_what_is_wrong_with_it()
    {
        var failures = StartupFailures(new()
        {
            ["Lti:AllowInsecurePlatformEndpoints"] = "false",
            ["Lti:Platforms:0:Issuer"] = "https://moodle.example.edu",
            ["Lti:Platforms:0:ClientId"] = "abc",
            ["Lti:Platforms:0:AuthorizationEndpoint"] = "https://moodle.example.edu/mod/lti/auth.php",
            ["Lti:Platforms:0:JwksUri"] = "http://moodle.example.edu/mod/lti/certs.php",
            ["Lti:Platforms:0:DeploymentIds:0"] = "1",
            ["Lti:Platforms:1:Issuer"] = "canvas",
            ["Lti:Platforms:1:AuthorizationEndpoint"] = "https://sso.canvaslms.com/api/lti/authorize_redirect",
            ["Lti:Platforms:1:JwksUri"] = "https://sso.canvaslms.com/api/lti/security/jwks",
        });

        failures.Should().Contain(f => f.StartsWith("Lti:Platforms:0:JwksUri") && f.Contains("https"))
            .And.Contain(f => f.StartsWith("Lti:Platforms:1:Issuer"))
            .And.Contain(f => f.StartsWith("Lti:Platforms:1:ClientId"))
            .And.Contain(f => f.StartsWith("Lti:Platforms:1:DeploymentIds"))
            .And.NotContain(f => f.StartsWith("Lti:Platforms:0:Issuer"));
    }

    [Fact]
    public void Each_bad_API_client_entry_is_named_with_what_is_wrong_with_it()
    {
        var failures = StartupFailures(new()
        {
            ["ApiAccess:Clients:1:ClientSecret"] = "an-automation-secret-0123",
            ["ApiAccess:Clients:1:Scopes:0"] = "microcred.admin",
            ["ApiAccess:Clients:2:ClientId"] = "dashboard",
            ["ApiAccess:Clients:2:ClientSecret"] = "a-dashboard-secret-0123",
            ["ApiAccess:Clients:2:Scopes:0"] = "registrar.credits",
            ["ApiAccess:Clients:2:Scopes:1"] = "everything",
            ["ApiAccess:Clients:3:ClientId"] = "scopeless",
            ["ApiAccess:Clients:3:ClientSecret"] = "a-scopeless-secret-0123",
            ["ApiAccess:Clients:4:ClientId"] = ToolHost.RegistrarClientId,
            ["ApiAccess:Clients:4:ClientSecret"] = "another-registrar-secret",
            ["ApiAccess:Clients:4:Scopes:0"] = "registrar.credits",
        });

        failures.Should().Contain("ApiAccess:Clients:1:ClientId is required.")
            .And.Contain(f => f.StartsWith("ApiAccess:Clients:2:Scopes:1 'everything'") && f.Contains("microcred.admin, registrar.credits"))
            .And.Contain(f => f.StartsWith("ApiAccess:Clients:3:Scopes"))
            .And.Contain(f => f.Contains($"'{ToolHost.RegistrarClientId}'") && f.Contains("ApiAccess:Clients:4") && f.Contains("Registrar:Clients:0"))
            .And.NotContain(f => f.StartsWith("ApiAccess:Clients:0"))
            .And.NotContain(f => f.StartsWith("ApiAccess:Clients:2:Scopes:0"));
    }

    [Theory]
    [InlineData("ApiAccess:Clients:1:ClientSecret", "short", "ApiAccess:Clients:1:ClientSecret")]
    [InlineData("ApiAccess:AccessTokenLifetime", "3.00:00:00", "ApiAccess:AccessTokenLifetime")]
    [InlineData("XapiCollector:Clients:1:Secret", "short", "XapiCollector:Clients:1:Secret")]
    [InlineData("XapiCollector:MaxRequestBytes", "12", "XapiCollector:MaxRequestBytes")]
    [InlineData("XapiCollector:DefaultVersion", "1.0.2", "XapiCollector:DefaultVersion")]
    [InlineData("CreditMapper:SweepCron", "every minute please", "CreditMapper:SweepCron")]
    [InlineData("CreditMapper:ProgramsFile", "/nowhere/programs.json", "CreditMapper:ProgramsFile")]
    [InlineData("Registrar:Clients:1:ClientSecret", "short", "Registrar:Clients:1:ClientSecret")]
    [InlineData("MicroCred:Keys:PrePublish", "100.00:00:00", "MicroCred:Keys:PrePublish")]
    [InlineData("Lti:ClockSkew", "01:00:00", "Lti:ClockSkew")]
    public void A_bad_module_setting_stops_the_host_and_names_the_setting(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key.StartsWith("XapiCollector:Clients:1")) settings["XapiCollector:Clients:1:Key"] = "second-client";
        if (key.StartsWith("Registrar:Clients:1")) settings["Registrar:Clients:1:ClientId"] = "second-registrar";
        if (key.StartsWith("ApiAccess:Clients:1"))
            (settings["ApiAccess:Clients:1:ClientId"], settings["ApiAccess:Clients:1:Scopes:0"]) = ("second-admin", "microcred.admin");

        StartupFailures(settings).Should().Contain(f => f.StartsWith(named));
    }

    private List<string> StartupFailures(Dictionary<string, string?> settings)
    {
        var starting = () => ToolHost.Start(database, settings);
        return starting.Should().Throw<OptionsValidationException>().Which.Failures.ToList();
    }
}
