namespace MicroCredLti.XapiCollector.Credentials;

/// <summary>
/// The xAPI authorization scopes (xAPI 1.0.3 Part Three 4.2, table "OAuth Authorization Scope"), granted per LRS client.
/// <c>all</c> grants everything, <c>all/read</c> every read, <c>statements/read</c> includes <c>statements/read/mine</c>.
/// </summary>
public static class LrsScopes
{
    public const string StatementsWrite = "statements/write";
    public const string StatementsRead = "statements/read";
    public const string StatementsReadMine = "statements/read/mine";
    public const string State = "state";
    public const string Define = "define";
    public const string Profile = "profile";
    public const string AllRead = "all/read";
    public const string All = "all";

    public static readonly IReadOnlyList<string> Known = [StatementsWrite, StatementsRead, StatementsReadMine, State, Define, Profile, AllRead, All];

    /// <summary>What a client gets when none is named: the spec's default, enough to record and read back its own statements.</summary>
    public static readonly IReadOnlyList<string> Default = [StatementsWrite, StatementsReadMine];

    public const string Claim = "scope";

    /// <summary>
    /// Whether <paramref name="granted"/> allows what <paramref name="wanted"/> names; <paramref name="reading"/> when the
    /// request only reads, which <c>all/read</c> allows for every resource.
    /// </summary>
    public static bool Allows(IEnumerable<string> granted, string wanted, bool reading = false) => granted.Any(scope => scope == wanted || scope switch
    {
        All => true,
        AllRead => reading || wanted is StatementsRead or StatementsReadMine,
        StatementsRead => wanted == StatementsReadMine,
        _ => false,
    });
}
