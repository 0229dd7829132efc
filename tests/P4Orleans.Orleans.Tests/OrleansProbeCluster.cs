using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;
using Orleans.TestingHost;
using P4Orleans.Testing;

namespace P4Orleans.Orleans.Tests;

/// <summary>
/// A real Orleans cluster (TestingHost, in-process silos) on a database of its own cloned from the
/// migrated template, with ADO.NET clustering, grain storage and reminders on PostgreSQL.
/// The connection string reaches each silo through <see cref="TestClusterBuilder.Properties"/>,
/// which TestingHost puts in the silo's configuration, read by <see cref="SiloConfigurator"/>.
/// </summary>
public abstract class OrleansProbeCluster(short silos) : IAsyncLifetime
{
    /// <summary>The grain-storage provider name used by the probe grains.</summary>
    public const string Storage = "orleans";

    /// <summary>The configuration key carrying the database to the silos and the client.</summary>
    public const string ConnectionKey = "ConnectionStrings:OrleansTests";

    public TestCluster Cluster { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public NpgsqlDataSource Database { get; private set; } = null!;
    public string ServiceId => Cluster.Options.ServiceId;
    public string ClusterId => Cluster.Options.ClusterId;

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("orleans");
        Database = NpgsqlDataSource.Create(ConnectionString);
        var builder = new TestClusterBuilder(silos);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConfigureFileLogging = false;
        builder.Properties[ConnectionKey] = ConnectionString;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync(TestContext.Current.CancellationToken);
            await Cluster.DisposeAsync();
        }
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Configures one silo: the three ADO.NET providers on one NpgsqlDataSource of the silo.</summary>
    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var connectionString = siloBuilder.Configuration[ConnectionKey]
                ?? throw new InvalidOperationException("The test cluster did not pass " + ConnectionKey + ".");
            // One data source per silo, as the platform keeps one per process; the providers accept it
            // (DataSource) instead of a connection string, and never dispose it: the host does.
            var dataSource = NpgsqlDataSource.Create(connectionString);
            siloBuilder.Services.AddSingleton(dataSource);
            siloBuilder.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.DataSource = dataSource;
            });
            siloBuilder.AddAdoNetGrainStorage(Storage, o =>
            {
                o.Invariant = "Npgsql";
                o.DataSource = dataSource;
            });
            siloBuilder.UseAdoNetReminderService(o =>
            {
                o.Invariant = "Npgsql";
                o.DataSource = dataSource;
            });
            siloBuilder.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromMilliseconds(500));
            siloBuilder.UseSystemTextJsonGrainStorageSerializer();
            // The platform's JSON shape (camelCase, enums as strings), which the generated columns read.
            siloBuilder.Services.Configure<SystemTextJsonGrainStorageSerializerOptions>(o =>
            {
                o.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
                o.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter());
            });
        }
    }

    /// <summary>Configures the test's client: it finds the gateways through the clustering table.</summary>
    public sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder)
        {
            var connectionString = configuration[ConnectionKey]
                ?? throw new InvalidOperationException("The test cluster did not pass " + ConnectionKey + ".");
            clientBuilder.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
        }
    }
}

/// <summary>One silo: storage and reminders.</summary>
public sealed class SingleSiloCluster() : OrleansProbeCluster(1);

/// <summary>Two silos: membership.</summary>
public sealed class TwoSiloCluster() : OrleansProbeCluster(2);
