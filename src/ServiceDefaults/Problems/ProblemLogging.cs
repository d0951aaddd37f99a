using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroCredLti.ServiceDefaults.Problems;

/// <summary>
/// Every problem the product answers with passes here (through <see cref="IProblemDetailsService"/>, or the HTML page
/// the LTI endpoints show instead): it gets its catalogue type, code and trace id, and one log line with the
/// problem's event id, so an admin can find why a launch or a statement was refused.
/// </summary>
public static partial class ProblemLogging
{
    public static void Complete(HttpContext http, ProblemDetails problem)
    {
        var code = problem.Extensions.TryGetValue(ProblemType.CodeMember, out var value) ? value?.ToString() : null;
        var type = http.RequestServices.GetService<ProblemCatalogue>()?.Find(code) ?? ProblemCatalogue.ForStatus(problem.Status);
        problem.Status ??= type.Status;
        problem.Type = type.TypeUri;
        problem.Title ??= type.Title;
        problem.Extensions[ProblemType.CodeMember] = type.Code;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;

        var log = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("MicroCredLti.Problems");
        var level = problem.Status >= 500 ? LogLevel.Warning : LogLevel.Information;
        log.Log(level, new EventId(type.EventId, type.Code), "{Method} {Path} answered {Status} {Code}: {Detail}",
            http.Request.Method, http.Request.Path.Value, problem.Status, type.Code, problem.Detail ?? problem.Title);
    }
}
