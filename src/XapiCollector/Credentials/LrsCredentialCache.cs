namespace MicroCredLti.XapiCollector.Credentials;

/// <summary>
/// LRS credentials as recently read, so that a client posting batch after batch is not looked up for every request.
/// An entry lives <see cref="Lifetime"/>: a rotation or revocation takes effect at once on the instance that made it
/// (the registry forgets the key) and within that time on every other replica.
/// </summary>
internal sealed class LrsCredentialCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private readonly ExpiringCache<string, LrsCredential> credentials = new(clock, Lifetime, maxEntries: 10_000);

    public async Task<LrsCredential?> GetAsync(string key, Func<Task<LrsCredential?>> read)
    {
        if (credentials.TryGet(key, out var remembered)) return remembered;
        var credential = await read();
        if (credential is null) credentials.Remove(key);
        else credentials.Set(key, credential);
        return credential;
    }

    public void Forget(string key) => credentials.Remove(key);
}
