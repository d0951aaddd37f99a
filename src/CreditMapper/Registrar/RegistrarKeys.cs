using MicroCredLti.ServiceDefaults.Keys;
using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace MicroCredLti.CreditMapper.Registrar;

/// <summary>
/// Gives OpenIddict the registrar's keys from the product's key ring: the current key first (the one it signs and
/// encrypts with), then the next and retired ones, so tokens from any replica, before or after a rotation, validate.
/// Runs whenever the server options are built, which the key ring refreshes as it rotates.
/// </summary>
internal sealed class RegistrarKeys(IKeyRing ring) : IConfigureOptions<OpenIddictServerOptions>
{
    public static readonly KeyPurpose TokenSigning = new("registrar.token-signing", KeyUse.Signature);
    public static readonly KeyPurpose TokenEncryption = new("registrar.token-encryption", KeyUse.Encryption);

    public void Configure(OpenIddictServerOptions options)
    {
        // Options are built synchronously; the ring's keys are cached after the first read.
        var signing = ring.GetAsync(TokenSigning).AsTask().GetAwaiter().GetResult();
        var encryption = ring.GetAsync(TokenEncryption).AsTask().GetAwaiter().GetResult();
        foreach (var key in signing.Published) options.SigningCredentials.Add(key.SigningCredentials);
        foreach (var key in encryption.Published) options.EncryptionCredentials.Add(key.EncryptingCredentials);
    }
}
