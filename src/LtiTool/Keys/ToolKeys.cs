using MicroCredLti.ServiceDefaults.Keys;

namespace MicroCredLti.LtiTool.Keys;

/// <summary>
/// The tool's own signing keys (deep-linking responses, client assertions), published at <c>/lti/jwks</c> for
/// platforms to verify them. They rotate with the product's key ring: the next key is published before it signs.
/// </summary>
internal static class ToolKeys
{
    public static readonly KeyPurpose Signing = new("lti.tool-signing", KeyUse.Signature);
}
