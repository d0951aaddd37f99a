using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace MicroCredLti.ServiceDefaults.Keys;

/// <summary>
/// Rebuilds options that hold keys from the ring (OpenIddict's, for one) every refresh interval, so a long-running
/// replica moves to the next key after a rotation. Retired keys stay published meanwhile, so nothing signed in
/// between fails to verify.
/// </summary>
internal sealed class KeyRingChangeTokenSource<TOptions>(IOptions<KeyRingOptions> options, TimeProvider clock) : IOptionsChangeTokenSource<TOptions>
{
    public string? Name => Options.DefaultName;

    public IChangeToken GetChangeToken() =>
        new CancellationChangeToken(new CancellationTokenSource(options.Value.RefreshInterval, clock).Token);
}
