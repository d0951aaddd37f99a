using System.CommandLine;
using MicroCredLti.Host.Hosting;
using MicroCredLti.ServiceDefaults.Storage;
using MicroCredLti.XapiCollector.Credentials;

var builder = WebApplication.CreateBuilder(args);
builder.AddMicroCred();
var app = builder.Build();

// Admin commands (`migrate`, `lrs-client …`) run against the configured database and exit; anything else serves.
var commands = new RootCommand("MicroCred LTI")
{
    MigrateCommand(app.Services),
    LrsClientCommand.Create(app.Services),
};
if (args.Length > 0 && commands.Subcommands.Any(c => c.Name == args[0]))
{
    if (args[0] != "migrate" && app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.MigrateOnStart)
        app.Services.GetRequiredService<SchemaMigrator>().MigrateAll();
    return await commands.Parse(args).InvokeAsync();
}

app.MapMicroCred();
app.Run();
return 0;

static Command MigrateCommand(IServiceProvider services)
{
    var migrate = new Command("migrate", "Bring every module's schema up to date, then exit.");
    migrate.SetAction(_ => services.GetRequiredService<SchemaMigrator>().MigrateAll());
    return migrate;
}

public partial class Program;
