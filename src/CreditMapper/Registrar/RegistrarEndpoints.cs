using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MicroCredLti.CreditMapper.Registrar;

internal static class RegistrarEndpoints
{
    public static async Task<Ok<RegistrarCreditPage>> GetCreditsAsync(
        RegistrarFeed feed, long after = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        TypedResults.Ok(await feed.ReadAfterAsync(after, limit, cancellationToken));
}
