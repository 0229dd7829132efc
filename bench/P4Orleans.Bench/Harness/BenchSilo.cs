using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using P4Orleans.Bench.Grains;
using P4Orleans.Grains;
using P4Orleans.Recovery.Hosting;
using P4Orleans.Silo.Hosting;
using P4Orleans.Silo.Messaging;
using P4Orleans.Silo.Reminders;
using P4Orleans.Silo.Runtime;
using P4Orleans.Silo.Security;

namespace P4Orleans.Bench.Harness;

/// <summary>
/// A grain host in this process, built exactly as a node builds it (<c>AddP4Silo</c> plus the bench
/// grains), on its own connection pool; with <see cref="CreateRecovery"/>, the recovery domain too
/// (<c>AddRecovery</c>: dossier and bailiff grains, vault, intake, dispatcher). Its background loops are
/// not started: benchmarks drive the work themselves, so nothing else competes for the machine while
/// they measure.
/// </summary>
public sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host) => _host = host;

    public GrainRuntime Runtime => _host.Services.GetRequiredService<GrainRuntime>();
    public IGrainFactory Grains => Runtime;
    public HostMetrics Metrics => Runtime.Metrics;
    public ReminderService Reminders => _host.Services.GetRequiredService<ReminderService>();
    public MessagePump Messages => _host.Services.GetRequiredService<MessagePump>();

    /// <summary>The host's services (for example the recovery domain's <c>IntakeService</c>).</summary>
    public IServiceProvider Services => _host.Services;

    public static BenchSilo Create(string connectionString, string nodeId, IDictionary<string, string?>? settings = null) =>
        Build(connectionString, nodeId, settings, recovery: false);

    /// <summary>
    /// A host built as a node with the recovery domain builds it: <c>AddP4Silo</c> then <c>AddRecovery</c>, with
    /// a key ring held in memory (registered before, as the host allows) instead of a key file.
    /// </summary>
    public static BenchSilo CreateRecovery(string connectionString, string nodeId, IDictionary<string, string?>? settings = null) =>
        Build(connectionString, nodeId, settings, recovery: true);

    private static BenchSilo Build(string connectionString, string nodeId, IDictionary<string, string?>? settings, bool recovery)
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
        if (recovery)
        {
            builder.Services.AddSingleton(KeyRing.InMemory());
            builder.Services.AddRecovery(builder.Configuration);
        }
        return new BenchSilo(builder.Build());
    }

    public async ValueTask DisposeAsync()
    {
        await _host.Services.GetRequiredService<NpgsqlDataSource>().DisposeAsync();
        _host.Dispose();
    }
}
