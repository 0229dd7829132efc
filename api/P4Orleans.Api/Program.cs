using P4Orleans.Api.Cli;
using P4Orleans.Api.Hosting;

if (PlatformCli.Handles(args))
{
    return await PlatformCli.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatform();

var app = builder.Build();
app.UsePlatform();
await app.RunAsync();
return 0;

/// <summary>The gateway's entry point (visible to the integration tests).</summary>
public partial class Program;
