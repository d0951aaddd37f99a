namespace MicroCredLti.ServiceDefaults.ApiAccess;

/// <summary>
/// An OAuth 2.0 scope (RFC 6749 3.3) a module's API asks of its callers, such as the registrar feed's
/// <c>registrar.credits</c>. Modules declare theirs with <see cref="ApiAccessExtensions.AddApiScope"/>; the token server
/// issues no other, and clients may be configured with no other.
/// </summary>
public sealed record ApiScope(string Name, string Description)
{
    /// <summary>The product's administration APIs, such as managing the LRS's clients. Any module with an admin API declares it.</summary>
    public const string Admin = "microcred.admin";
}
