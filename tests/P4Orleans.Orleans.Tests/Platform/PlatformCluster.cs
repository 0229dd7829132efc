using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.TestingHost;
using P4Orleans.Domain.Orleans;
using P4Orleans.Grains;
using P4Orleans.Recovery.Dispatch;
using P4Orleans.Recovery.Hosting;
using P4Orleans.Silo.Hosting;
using P4Orleans.Testing;

namespace P4Orleans.Orleans.Tests.Platform;

/// <summary>
/// Real TestingHost silos running the platform's own configuration: each silo registers what a node registers
/// (<c>AddP4Database</c> on a database of its own cloned from the migrated template, <c>AddRecovery</c>, the
/// platform clock, <c>AddP4Silo</c>), and the test's client finds the gateways through the ADO.NET clustering
/// table. The platform clock is one <see cref="ManualTimeProvider"/> shared by every silo and the test; Orleans
/// keeps the system clock. TestingHost builds silos from configurator types, so the configurator finds its
/// fixture (clock, test services) through an id in the silo's configuration.
/// </summary>
public abstract class PlatformCluster(short silos, TimeSpan? catchUpPeriod = null) : IAsyncLifetime
{
    private const string FixtureKey = "PlatformTests:Fixture";
    private static readonly ConcurrentDictionary<string, PlatformCluster> Fixtures = new();

    private readonly string _id = Guid.NewGuid().ToString("N");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "p4-otests-" + Guid.NewGuid().ToString("N"));

    /// <summary>The platform clock of every silo: Monday 2 March 2026, 09:00 UTC, moved only by the test.</summary>
    public ManualTimeProvider Clock { get; } = new();

    /// <summary>The cluster.</summary>
    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>The cluster's database (the test's own pool).</summary>
    public NpgsqlDataSource Database { get; private set; } = null!;

    /// <summary>The connection string of the cluster's database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The service id keying grain rows.</summary>
    public string ServiceId => Cluster.Options.ServiceId;

    /// <summary>The test's grain factory (the cluster's client).</summary>
    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Services of one running silo.</summary>
    public static IServiceProvider ServicesOf(SiloHandle silo) => ((InProcessSiloHandle)silo).SiloHost.Services;

    /// <summary>Services of the first running silo.</summary>
    public IServiceProvider FirstSilo => ServicesOf(Cluster.Silos[0]);

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        ConnectionString = await TestPostgres.CreateDatabaseAsync("platform");
        Database = NpgsqlDataSource.Create(ConnectionString);
        Fixtures[_id] = this;
        var builder = new TestClusterBuilder(silos);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConfigureFileLogging = false;
        var p = builder.Properties;
        p[FixtureKey] = _id;
        p["ConnectionStrings:Postgres"] = ConnectionString;
        p["Keys:File"] = Path.Combine(_folder, "keys.json");
        p["Communications:Folder"] = Path.Combine(_folder, "outbox");
        p["Silo:ConfigureEndpoints"] = "false";
        p["Silo:ClusterId"] = builder.Options.ClusterId;
        p["Silo:ServiceId"] = builder.Options.ServiceId;
        p["Silo:CatchUpPeriod"] = (catchUpPeriod ?? CatchUpPeriod).ToString("c", CultureInfo.InvariantCulture);
        p["Silo:ReminderPeriod"] = "00:00:02";
        p["Silo:MinimumReminderPeriod"] = "00:00:01";
        // The background dispatch loop looks rarely: tests call DispatchService.RunOnceAsync themselves.
        p["Dispatch:Interval"] = "01:00:00";
        p["Logging:LogLevel:Default"] = "Warning";
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync(CancellationToken.None);
            await Cluster.DisposeAsync();
        }
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
        Fixtures.TryRemove(_id, out _);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>How often each silo's deadline catch-up runs (real time), unless the fixture says otherwise.</summary>
    public static TimeSpan CatchUpPeriod { get; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The vault of every silo, which a test can make fail or hold.</summary>
    public VaultSwitch Vault { get; } = new();

    /// <summary>The grain storage of every silo, which a test can make lose the answer to a committed write.</summary>
    public StorageSwitch Storage { get; } = new();

    /// <summary>The office statistics of every silo, whose delivery listing a test can hold.</summary>
    public StatisticsHold Statistics { get; } = new();

    /// <summary>Registrations put before the platform's (which only add what is missing): the switchable test doubles.</summary>
    private void ConfigureTestServices(IServiceCollection services) => services.AddTestDoubles(Vault, Statistics);

    /// <summary>Configures one silo as a node of the platform.</summary>
    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var configuration = siloBuilder.Configuration;
            var fixture = Fixtures[configuration[FixtureKey] ?? throw new InvalidOperationException("No fixture id.")];
            var services = siloBuilder.Services;
            services.AddKeyedSingleton<TimeProvider>(PlatformClock.Key, fixture.Clock);
            fixture.ConfigureTestServices(services);
            services.AddP4Database(configuration);
            services.AddRecovery(configuration);
            siloBuilder.AddP4Silo(configuration);
            services.AddAnswerLosingStorage(GrainStorage.Name, fixture.Storage);
            WithoutDispatchLoop(services);
        }

        /// <summary>
        /// The silos run no dispatch loop: a bulk intake wakes it at once, and a test reading a dossier it just copied
        /// would race the round. Tests dispatch with <see cref="DispatchService.RunOnceAsync"/> themselves.
        /// </summary>
        private static void WithoutDispatchLoop(IServiceCollection services)
        {
            var recovery = typeof(DispatchService).Assembly;
            foreach (var loop in services.Where(d => d.ServiceType == typeof(IHostedService)
                && d.ImplementationFactory?.Method.DeclaringType?.Assembly == recovery).ToList())
            {
                var create = loop.ImplementationFactory!;
                services.Remove(loop);
                services.AddSingleton<IHostedService>(sp =>
                {
                    var service = create(sp);
                    return service is DispatchService ? new NoLoop() : (IHostedService)service;
                });
            }
        }

        private sealed class NoLoop : IHostedService
        {
            public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
    }

    /// <summary>The test's client: gateways from the ADO.NET clustering table.</summary>
    public sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = configuration["ConnectionStrings:Postgres"];
            });
        }
    }
}

/// <summary>One platform silo.</summary>
public sealed class OnePlatformSilo() : PlatformCluster(1);

/// <summary>
/// One platform silo whose catch-up runs at start only (then once a day): for tests that move the clock past a deadline
/// and then follow each step of one wake, which a catch-up round waking the dossier in between would change.
/// </summary>
public sealed class OnePlatformSiloWithoutCatchUp() : PlatformCluster(1, TimeSpan.FromDays(1));

/// <summary>Two platform silos.</summary>
public sealed class TwoPlatformSilos() : PlatformCluster(2);
