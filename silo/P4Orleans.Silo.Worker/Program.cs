using P4Orleans.Recovery.Hosting;
using P4Orleans.Silo.Hosting;

// A silo node without HTTP: fires reminders, delivers messages, writes its heartbeat.
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddInMemoryCollection([new("Silo:Role", builder.Configuration["Silo:Role"] ?? "Silo")]);
builder.Services.AddP4Silo(builder.Configuration);
builder.Services.AddRecovery(builder.Configuration);
await builder.Build().RunAsync();
