using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using P4Orleans.Recovery.Deadlines;
using P4Orleans.Recovery.Hosting;
using P4Orleans.Silo.Hosting;
using P4Orleans.Silo.Security;

namespace P4Orleans.Bench.Harness;

/// <summary>
/// A real Orleans silo in this process, configured as a node configures it: a plain host with
/// <c>AddP4Database</c>, <c>AddRecovery</c> and <c>UseOrleans(silo =&gt; silo.AddP4Silo(...))</c> on the run's
/// database, free silo and gateway ports, and a key ring in memory. With <c>loops: false</c> the platform's own
/// background rounds (deadline catch-up, dispatcher, intake sweeper) are not started, so that a benchmark drives
/// that work itself and nothing else competes for the machine while it measures; Orleans itself runs as always.
/// </summary>
public sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private BenchSilo(IHost host) => _host = host;

    /// <summary>The silo's services (grain factory, intake, dispatcher, catch-up, data source).</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>The grain factory of the silo.</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo's connection pool.</summary>
    public NpgsqlDataSource Database => _host.Services.GetRequiredService<NpgsqlDataSource>();

    /// <summary>Builds and starts a silo; <paramref name="settings"/> override configuration keys (for example <c>Silo:CatchUpPeriod</c>).</summary>
    public static async Task<BenchSilo> StartAsync(BenchDatabase database, string name, bool loops = false,
        IDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default, Action<ISiloBuilder>? configure = null)
    {
        var silo = Build(database, name, loops, settings, configure: configure);
        await silo._host.StartAsync(cancellationToken);
        return silo;
    }

    /// <summary>Builds a silo without starting it (the caller times <see cref="StartAsync(CancellationToken)"/>).</summary>
    /// <remarks>With <paramref name="catchUpLoop"/> (and <paramref name="loops"/> false), only the deadline catch-up's round runs, registered as the platform registers it.</remarks>
    public static BenchSilo Build(BenchDatabase database, string name, bool loops, IDictionary<string, string?>? settings = null, bool catchUpLoop = false,
        Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        var (siloPort, gatewayPort) = TwoFreePorts();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // A distinct application name gives this silo its own connection pool, as a separate process would have.
            ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = name }.ConnectionString,
            ["Database:MigrateOnStart"] = "false",
            ["Silo:Name"] = name,
            ["Silo:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Silo:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        // The silo's log is progress, like the harness's: stderr, so that stdout holds only the tables.
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton(KeyRing.InMemory());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddP4Database(builder.Configuration);
        var beforeRecovery = builder.Services.Count;
        builder.Services.AddRecovery(builder.Configuration);
        var platformLoops = builder.Services.Skip(beforeRecovery).Where(IsPlatformLoop).ToList();
        builder.UseOrleans(silo =>
        {
            var before = silo.Services.Count;
            silo.AddP4Silo(builder.Configuration);
            platformLoops.AddRange(silo.Services.Skip(before).Where(IsPlatformLoop));
            configure?.Invoke(silo);
        });
        if (!loops)
        {
            foreach (var descriptor in platformLoops)
            {
                builder.Services.Remove(descriptor);
            }
            if (catchUpLoop)
            {
                builder.Services.AddHostedService(sp => sp.GetRequiredService<DeadlineCatchUp>());
            }
        }
        return new BenchSilo(builder.Build());
    }

    /// <summary>Starts the built silo.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => _host.StartAsync(cancellationToken);

    /// <summary>Stops the silo gracefully (its activations write nothing more; membership marks it dead).</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _host.StopAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }

    // The platform registers its rounds as hosted services built by a factory of its own (AddHostedService(sp => ...)).
    private static bool IsPlatformLoop(ServiceDescriptor d) =>
        d.ServiceType == typeof(IHostedService)
        && d.ImplementationFactory?.Method.DeclaringType?.FullName?.StartsWith("P4Orleans.", StringComparison.Ordinal) == true;

    // Both listeners are held open while the second port is chosen: the OS may otherwise hand out the same port twice in a row.
    private static (int Silo, int Gateway) TwoFreePorts()
    {
        using var silo = new TcpListener(IPAddress.Loopback, 0);
        using var gateway = new TcpListener(IPAddress.Loopback, 0);
        silo.Start();
        gateway.Start();
        return (((IPEndPoint)silo.LocalEndpoint).Port, ((IPEndPoint)gateway.LocalEndpoint).Port);
    }
}
