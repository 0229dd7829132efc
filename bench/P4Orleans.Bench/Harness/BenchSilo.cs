using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using P4Orleans.Bench.Grains;
using P4Orleans.Grains;
using P4Orleans.Silo.Hosting;
using P4Orleans.Silo.Reminders;
using P4Orleans.Silo.Runtime;

namespace P4Orleans.Bench.Harness;

/// <summary>
/// A grain host in this process, built exactly as a node builds it (<c>AddP4Silo</c> plus the bench
/// grains), on its own connection pool. Its background loops are not started: benchmarks drive the
/// work themselves, so nothing else competes for the machine while they measure.
/// </summary>
public sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host) => _host = host;

    public GrainRuntime Runtime => _host.Services.GetRequiredService<GrainRuntime>();
    public IGrainFactory Grains => Runtime;
    public HostMetrics Metrics => Runtime.Metrics;
    public ReminderService Reminders => _host.Services.GetRequiredService<ReminderService>();

    public static BenchSilo Create(string connectionString, string nodeId, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // A distinct application name gives this host its own connection pool.
            ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = nodeId }.ConnectionString,
            ["Silo:NodeId"] = nodeId,
            ["Database:MigrateOnStart"] = "false",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddP4Silo(builder.Configuration);
        builder.Services.AddGrain<IBenchCounterGrain, BenchCounterGrain>();
        builder.Services.AddGrain<IBenchAlarmGrain, BenchAlarmGrain>();
        return new BenchSilo(builder.Build());
    }

    public async ValueTask DisposeAsync()
    {
        await _host.Services.GetRequiredService<NpgsqlDataSource>().DisposeAsync();
        _host.Dispose();
    }
}
