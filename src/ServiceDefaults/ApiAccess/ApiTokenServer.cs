using MicroCredLti.ServiceDefaults.Keys;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;

namespace MicroCredLti.ServiceDefaults.ApiAccess;

/// <summary>
/// Sets up OpenIddict's token server from the product's settings, declared scopes and key ring. Keys: the current one
/// first (the one it signs and encrypts with), then the next and retired ones, so tokens from any replica, before or
/// after a rotation, validate. Runs whenever the server options are built, which the key ring refreshes as it rotates.
/// </summary>
internal sealed class ApiTokenServer(IKeyRing ring, IEnumerable<ApiScope> scopes, IOptions<ApiAccessOptions> settings)
    : IConfigureOptions<OpenIddictServerOptions>, IConfigureOptions<OpenIddictServerAspNetCoreOptions>
{
    public static readonly KeyPurpose TokenSigning = new("api.token-signing", KeyUse.Signature);
    public static readonly KeyPurpose TokenEncryption = new("api.token-encryption", KeyUse.Encryption);

    public void Configure(OpenIddictServerOptions options)
    {
        options.AccessTokenLifetime = settings.Value.AccessTokenLifetime;
        foreach (var scope in scopes) options.Scopes.Add(scope.Name);

        // Options are built synchronously; the ring's keys are cached after the first read.
        var signing = ring.GetAsync(TokenSigning).AsTask().GetAwaiter().GetResult();
        var encryption = ring.GetAsync(TokenEncryption).AsTask().GetAwaiter().GetResult();
        foreach (var key in signing.Published) options.SigningCredentials.Add(key.SigningCredentials);
        foreach (var key in encryption.Published) options.EncryptionCredentials.Add(key.EncryptingCredentials);
    }

    public void Configure(OpenIddictServerAspNetCoreOptions options)
    {
        if (settings.Value.AllowInsecureHttp) options.DisableTransportSecurityRequirement = true;
    }
}
