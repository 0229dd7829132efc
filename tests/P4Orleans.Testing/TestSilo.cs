using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using P4Orleans.Grains;
using P4Orleans.Silo.Hosting;
using P4Orleans.Silo.Messaging;
using P4Orleans.Silo.Nodes;
using P4Orleans.Silo.Reminders;
using P4Orleans.Silo.Runtime;
using P4Orleans.Testing.Grains;

namespace P4Orleans.Testing;

/// <summary>
/// A grain host for tests, on its own connection pool (two of them on one database are two nodes).
/// By default its background loops do not run: the test drives reminders and messages with
/// <see cref="PollRemindersAsync"/> and <see cref="PollMessagesAsync"/> after moving the clock.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly bool _started;

    private TestSilo(IHost host, bool started)
    {
        _host = host;
        _started = started;
    }

    public IServiceProvider Services => _host.Services;
    public GrainRuntime Runtime => Services.GetRequiredService<GrainRuntime>();
    public IGrainFactory Grains => Runtime;
    public NpgsqlDataSource Database => Services.GetRequiredService<NpgsqlDataSource>();

    public static async Task<TestSilo> StartAsync(
        string connectionString,
        TimeProvider? time = null,
        string nodeId = "node-a",
        bool runBackground = false,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // A distinct application name gives each node its own connection pool.
            ["ConnectionStrings:Postgres"] = connectionString + ";Application Name=" + nodeId,
            ["Silo:NodeId"] = nodeId,
            ["Silo:ReminderPollInterval"] = "00:00:00.050",
            ["Silo:MessagePollInterval"] = "00:00:00.050",
            ["Database:MigrateOnStart"] = "false",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }
        builder.Services.AddP4Silo(builder.Configuration);
        builder.Services.AddSingleton(new NodeName(nodeId));
        builder.Services.AddGrain<ICounterGrain, CounterGrain>();
        builder.Services.AddGrain<IOtherCounterGrain, OtherCounterGrain>();
        builder.Services.AddGrain<IPingedGrain, PingedGrain>();
        builder.Services.AddGrain<IAlarmGrain, AlarmGrain>();
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        if (runBackground)
        {
            await host.StartAsync();
        }
        return new TestSilo(host, runBackground);
    }

    public Task<int> PollRemindersAsync() => Services.GetRequiredService<ReminderService>().PollOnceAsync();

    public Task<int> PollMessagesAsync() => Services.GetRequiredService<MessagePump>().PollOnceAsync();

    public Task BeatAsync() => Services.GetServices<IHostedService>().OfType<NodeHeartbeat>().Single().BeatAsync();

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await _host.StopAsync();
        }
        await Database.DisposeAsync();
        _host.Dispose();
    }
}
