using MicroCredLti.XapiCollector.Documents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MicroCredLti.XapiCollector.Activities;

/// <summary>The Activities resource (xAPI 1.0.3 Part Three 2.5): an Activity with the definition the LRS holds for it.</summary>
internal static class ActivityEndpoints
{
    public static IEndpointRouteBuilder MapActivitiesResource(this IEndpointRouteBuilder resources)
    {
        resources.MapMethods("/activities", [HttpMethods.Get, HttpMethods.Head], GetAsync)
            .RequireAuthorization(XapiCollectorExtensions.ReadPolicy(Credentials.LrsScopes.StatementsReadMine));
        return resources;
    }

    private static async Task<IResult> GetAsync(HttpRequest request, ActivityDirectory activities, CancellationToken cancellationToken)
    {
        if (request.Query.Keys.FirstOrDefault(k => k != "activityId") is { } unknown)
            return DocumentProblems.ActivityParameterInvalid.Result($"The Activities resource does not take a '{unknown}' parameter.");
        if (request.Query["activityId"].Count > 1)
            return DocumentProblems.ActivityParameterInvalid.Result("The activityId parameter is given more than once.");
        var (activityId, error) = ActivityIdParameter.Parse(request.Query["activityId"]);
        if (error is not null) return DocumentProblems.ActivityParameterInvalid.Result(error);
        return TypedResults.Ok(await activities.FindAsync(activityId!, cancellationToken));
    }
}
