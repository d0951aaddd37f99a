using System.Net;
using MicroCredLti.LtiTool.Registration;

namespace MicroCredLti.LtiTool.Launch;

/// <summary>The page a launch lands on, inside the LMS's frame.</summary>
internal static class LaunchPage
{
    public static string Render(PlatformRegistration platform, LtiLaunch launch)
    {
        var who = WebUtility.HtmlEncode(launch.Name ?? "there");
        var activity = WebUtility.HtmlEncode(launch.ResourceLinkTitle ?? "this activity");
        var course = WebUtility.HtmlEncode(launch.ContextTitle ?? platform.Name);
        var role = launch.IsStaff
            ? "<p>You are staff in this course. Choosing which activities count toward which credential comes here.</p>"
            : "<p>Your work in this activity is recorded toward the credentials it counts for.</p>";
        return $"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>MicroCred – {activity}</title></head>
            <body>
              <main>
                <h1>{activity}</h1>
                <p>Hello {who}, you launched MicroCred from {course}.</p>
                {role}
              </main>
            </body>
            </html>
            """;
    }
}
