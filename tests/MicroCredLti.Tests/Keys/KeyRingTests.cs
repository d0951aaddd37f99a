using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MicroCredLti.ServiceDefaults;
using MicroCredLti.ServiceDefaults.Keys;
using MicroCredLti.ServiceDefaults.Storage;
using MicroCredLti.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MicroCredLti.Tests.Keys;

/// <summary>
/// One key ring for every key the product signs or decrypts with: each purpose has its own keys, the next key is
/// published before it takes over, a retired key stays published while what it signed may still be checked, and
/// private keys are stored encrypted with Data Protection, whose own keys sit in the same database for every replica.
/// </summary>
public sealed class KeyRingTests : IAsyncLifetime
{
    private static readonly KeyPurpose Signing = new("test.signing", KeyUse.Signature);
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(90);
    private static readonly TimeSpan PrePublish = TimeSpan.FromDays(7);
    private static readonly TimeSpan RetiredPublishFor = TimeSpan.FromDays(14);

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync(Storage.Sqlite);

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task A_purpose_gets_its_first_key_on_first_use_and_keeps_it()
    {
        await using var replica = StartReplica();

        var first = await replica.Ring.GetAsync(Signing);
        clock.Advance(TimeSpan.FromDays(30));
        var later = await replica.Ring.GetAsync(Signing);

        first.Published.Should().ContainSingle();
        later.Current.KeyId.Should().Be(first.Current.KeyId);
        later.Current.State.Should().Be(KeyState.Current);
    }

    [Fact]
    public async Task The_next_key_is_published_before_it_takes_over_and_the_retired_key_stays_published_for_the_overlap()
    {
        await using var replica = StartReplica();
        var first = (await replica.Ring.GetAsync(Signing)).Current.KeyId;

        clock.Advance(Lifetime - PrePublish);
        var announced = await replica.Ring.GetAsync(Signing);
        announced.Current.KeyId.Should().Be(first, "the current key still signs while the next one is only announced");
        var next = announced.Published.Should().ContainSingle(k => k.State == KeyState.Next).Subject.KeyId;

        clock.Advance(PrePublish);
        var rotated = await replica.Ring.GetAsync(Signing);
        rotated.Current.KeyId.Should().Be(next);
        rotated.Published.Select(k => (k.KeyId, k.State)).Should().Equal((next, KeyState.Current), (first, KeyState.Retired));

        clock.Advance(RetiredPublishFor);
        (await replica.Ring.GetAsync(Signing)).Published.Select(k => k.KeyId).Should().Equal(next);
    }

    [Fact]
    public async Task Each_purpose_has_keys_of_its_own()
    {
        await using var replica = StartReplica();

        var signing = await replica.Ring.GetAsync(Signing);
        var other = await replica.Ring.GetAsync(new KeyPurpose("test.other-signing", KeyUse.Signature));
        var encryption = await replica.Ring.GetAsync(new KeyPurpose("test.encryption", KeyUse.Encryption));

        new[] { signing.Current.KeyId, other.Current.KeyId, encryption.Current.KeyId }.Should().OnlyHaveUniqueItems();
        encryption.Current.PublicJwk()["use"].Should().Be("enc");
        encryption.Current.PublicJwk()["alg"].Should().Be("RSA-OAEP");
    }

    [Fact]
    public async Task Private_keys_are_stored_encrypted_never_as_plain_keys()
    {
        await using var replica = StartReplica();
        await replica.Ring.GetAsync(Signing);

        var stored = await StoredPrivateKeysAsync();

        stored.Should().ContainSingle();
        stored[0].Should().NotContain("PRIVATE KEY");
        var bytes = Convert.FromBase64String(stored[0]);
        var reading = () => RSA.Create().ImportPkcs8PrivateKey(bytes, out _);
        reading.Should().Throw<CryptographicException>("what is stored is a Data Protection payload, not a PKCS#8 key");
    }

    [Fact]
    public async Task Replicas_on_one_database_share_the_keys_and_race_to_create_them_only_once()
    {
        await using var first = StartReplica();
        await using var second = StartReplica();

        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? first : second).Ring.GetAsync(Signing).AsTask()));

        keys.Select(k => k.Current.KeyId).Distinct().Should().ContainSingle();
        (await StoredPrivateKeysAsync()).Should().ContainSingle();
        // Each replica can open the other's key: the Data Protection key ring is shared through the database.
        byte[] data = [1, 2, 3];
        var signedByFirst = (await first.Ring.GetAsync(Signing)).Current.SecurityKey.Rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        (await second.Ring.GetAsync(Signing)).Current.SecurityKey.Rsa
            .VerifyData(data, signedByFirst, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).Should().BeTrue();
    }

    [Fact]
    public async Task The_tool_publishes_its_public_signing_keys_with_use_alg_and_kid_and_nothing_private()
    {
        await using var tool = ToolHost.Start(database);

        var keys = JsonNode.Parse(await tool.CreateClient().GetStringAsync("/lti/jwks"))!["keys"]!.AsArray();

        var key = keys.Should().ContainSingle().Subject!.AsObject();
        key.Select(p => p.Key).Should().BeEquivalentTo("kty", "use", "alg", "kid", "n", "e");
        key["use"]!.GetValue<string>().Should().Be("sig");
        key["alg"]!.GetValue<string>().Should().Be("RS256");
    }

    [Fact]
    public async Task Every_purpose_the_modules_register_has_its_key_as_soon_as_the_host_runs()
    {
        await using var tool = ToolHost.Start(database);

        var purposes = await EventuallyAsync(async () => (await StoredKeysAsync()).Select(k => k.Purpose).Distinct().Order().ToList(),
            found => found.Count == 3);

        purposes.Should().Equal("api.token-encryption", "api.token-signing", "lti.tool-signing");
    }

    [Fact]
    public async Task The_host_publishes_the_next_key_on_schedule_without_anyone_asking()
    {
        await using var tool = ToolHost.Start(database, new Dictionary<string, string?>
        {
            ["MicroCred:Keys:Lifetime"] = "2.00:00:00",
            ["MicroCred:Keys:PrePublish"] = "1.00:00:00",
            ["MicroCred:Keys:RefreshInterval"] = "01:00:00",
        }, services => services.AddSingleton<TimeProvider>(clock));
        await EventuallyAsync(ToolKeysAsync, keys => keys.Count == 1);

        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));

        var keys = await EventuallyAsync(ToolKeysAsync, found => found.Count == 2);
        keys.Should().HaveCount(2, "the next key is created while the current one still has a day to go");

        async Task<List<(string Purpose, string KeyId)>> ToolKeysAsync() =>
            (await StoredKeysAsync()).Where(k => k.Purpose == "lti.tool-signing").ToList();
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var value = await read();
        for (var attempt = 0; attempt < 50 && !done(value); attempt++)
        {
            await Task.Delay(100);
            value = await read();
        }
        return value;
    }

    private Replica StartReplica()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(database.Settings)
        {
            ["MicroCred:Keys:Lifetime"] = Lifetime.ToString(),
            ["MicroCred:Keys:PrePublish"] = PrePublish.ToString(),
            ["MicroCred:Keys:RetiredPublishFor"] = RetiredPublishFor.ToString(),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(clock);
        services.AddServiceDefaults(configuration);
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<SchemaMigrator>().MigrateAll();
        return new Replica(provider);
    }

    private async Task<List<string>> StoredPrivateKeysAsync() =>
        (await QueryAsync("SELECT protected_private_key FROM keyring_keys", r => r.GetString(0))).ToList();

    private async Task<List<(string Purpose, string KeyId)>> StoredKeysAsync() =>
        await QueryAsync("SELECT purpose, key_id FROM keyring_keys", r => (r.GetString(0), r.GetString(1)));

    private async Task<List<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, T> read)
    {
        await using var connection = new SqliteConnection(new ServiceCollection().AddSingleton<TimeProvider>(clock)
            .AddServiceDefaults(new ConfigurationBuilder().AddInMemoryCollection(database.Settings).Build())
            .BuildServiceProvider().GetRequiredService<ModuleDatabase>().ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    private sealed class Replica(ServiceProvider provider) : IAsyncDisposable
    {
        public IKeyRing Ring { get; } = provider.GetRequiredService<IKeyRing>();

        public ValueTask DisposeAsync() => provider.DisposeAsync();
    }
}
