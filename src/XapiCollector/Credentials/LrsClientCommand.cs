using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace MicroCredLti.XapiCollector.Credentials;

/// <summary>
/// <c>lrs-client add|rotate|revoke|list</c>: manages LRS clients in the database from the command line, e.g.
/// <c>dotnet MicroCredLti.dll lrs-client add moodle --name "University Moodle" --scope statements/write</c>.
/// A new or rotated secret is printed once; only its hash is kept.
/// </summary>
public static class LrsClientCommand
{
    public const string Name = "lrs-client";

    public static Command Create(IServiceProvider services)
    {
        var key = new Argument<string>("key") { Description = "The client's key (its Basic-auth user name)." };
        var name = new Option<string?>("--name") { Description = "A name admins recognise, e.g. the LMS it belongs to." };
        var scopes = new Option<string[]>("--scope")
        {
            Description = $"An xAPI scope to grant; repeat for several ({string.Join(", ", LrsScopes.Known)}). Default: {string.Join(" ", LrsScopes.Default)}.",
            AllowMultipleArgumentsPerToken = true,
        };
        var repairs = new Option<string[]>("--repair") { Description = "A repair profile for a known emitter's defects, e.g. openedx." };

        var add = new Command("add", "Create a client and print its secret.") { key, name, scopes, repairs };
        add.SetAction((parse, cancellationToken) => RunAsync(services, parse, registry => registry.AddAsync(parse.GetValue(key)!,
            parse.GetValue(name) ?? parse.GetValue(key)!, parse.GetValue(scopes) ?? [], parse.GetValue(repairs) ?? [], cancellationToken)));
        var rotate = new Command("rotate", "Give a client a new secret and print it; the old one stops working.") { key };
        rotate.SetAction((parse, cancellationToken) => RunAsync(services, parse, registry => registry.RotateAsync(parse.GetValue(key)!, cancellationToken)));
        var revoke = new Command("revoke", "Stop a client from authenticating; what it stored stays.") { key };
        revoke.SetAction((parse, cancellationToken) => RunAsync(services, parse, registry => registry.RevokeAsync(parse.GetValue(key)!, cancellationToken)));
        var list = new Command("list", "List the clients, their scopes and repairs.");
        list.SetAction(async (parse, cancellationToken) =>
        {
            await using var scope = services.CreateAsyncScope();
            var clients = await scope.ServiceProvider.GetRequiredService<LrsClientRegistry>().ListAsync(cancellationToken);
            if (clients.Count == 0) parse.InvocationConfiguration.Output.WriteLine("No LRS clients yet: add one with `lrs-client add KEY --scope statements/write`.");
            foreach (var client in clients)
                parse.InvocationConfiguration.Output.WriteLine(string.Join('\t', client.Key, client.Name, string.Join(' ', client.Scopes),
                    string.Join(' ', client.Repairs), client.RevokedAt is null ? "active" : $"revoked {client.RevokedAt:O}"));
            return 0;
        });

        return new Command(Name, "Manage the LRS's xAPI clients.") { add, rotate, revoke, list };
    }

    private static async Task<int> RunAsync(IServiceProvider services, ParseResult parse, Func<LrsClientRegistry, Task<ClientChange>> change)
    {
        await using var scope = services.CreateAsyncScope();
        switch (await change(scope.ServiceProvider.GetRequiredService<LrsClientRegistry>()))
        {
            case ClientChange.Done { Secret: { } issued }:
                parse.InvocationConfiguration.Output.WriteLine($"key:    {issued.Key}");
                parse.InvocationConfiguration.Output.WriteLine($"secret: {issued.Secret}");
                parse.InvocationConfiguration.Output.WriteLine("The secret is shown this once; store it in the LMS's LRS settings now.");
                return 0;
            case ClientChange.Done:
                parse.InvocationConfiguration.Output.WriteLine("Done.");
                return 0;
            case ClientChange.Refused refused:
                parse.InvocationConfiguration.Error.WriteLine(refused.Reason);
                return 1;
            default:
                throw new InvalidOperationException("Unknown outcome.");
        }
    }
}
