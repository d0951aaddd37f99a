using MicroCredLti.Host.Hosting;
using MicroCredLti.ServiceDefaults.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddMicroCred();
var app = builder.Build();

if (args.Contains("migrate"))
{
    app.Services.GetRequiredService<SchemaMigrator>().MigrateAll();
    return;
}

app.MapMicroCred();
app.Run();

public partial class Program;
