using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using P4Orleans.Domain.Orleans;
using P4Orleans.Recovery.Deadlines;
using P4Orleans.Recovery.Dispatch;
using P4Orleans.Silo.Hosting;

namespace P4Orleans.Recovery.Hosting;

/// <summary>
/// The platform's Orleans configuration: ADO.NET clustering, grain storage and reminders on the platform's one
/// PostgreSQL (its NpgsqlDataSource, so the embedded server's password and the pool are shared), the storage
/// serializer in the platform's JSON shape, membership timing, and the deadline catch-up.
/// </summary>
public static class OrleansHosting
{
    private const string Invariant = "Npgsql";

    /// <summary>Reads and validates the cluster options of a node (a bad value stops the start, naming its key).</summary>
    public static PlatformClusterOptions ClusterOptions(this IConfiguration configuration) =>
        configuration.GetValidated<PlatformClusterOptions>(PlatformClusterOptions.SectionName);

    /// <summary>Makes this host a silo of the platform's cluster.</summary>
    public static ISiloBuilder AddP4Silo(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var options = configuration.ClusterOptions();
        var services = silo.Services;
        services.TryAddSingleton(options);
        services.AddValidatedOptions<PlatformClusterOptions>(configuration, PlatformClusterOptions.SectionName);
        services.TryAddSingleton(new ReminderSettings(options.ReminderPeriod));

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        if (options.ConfigureEndpoints)
        {
            silo.ConfigureEndpoints(options.ParsedAddress(), options.SiloPort, options.GatewayPort, options.ListenOnAnyAddress);
        }
        if (options.Name is { Length: > 0 } name)
        {
            silo.Configure<SiloOptions>(o => o.SiloName = name);
        }

        silo.Configure<ClusterMembershipOptions>(o =>
        {
            var m = options.Membership;
            o.ProbeTimeout = m.ProbeTimeout;
            o.NumMissedProbesLimit = m.NumMissedProbesLimit;
            o.NumVotesForDeathDeclaration = m.NumVotesForDeathDeclaration;
            o.TableRefreshTimeout = m.TableRefreshTimeout;
            o.IAmAliveTablePublishTimeout = m.IAmAliveTablePublishTimeout;
            o.DefunctSiloExpiration = m.DefunctSiloExpiration;
            o.DefunctSiloCleanupPeriod = m.DefunctSiloCleanupPeriod;
        });
        // Grain calls carry the caller's trace (W3C trace context) and open activities of Orleans' sources.
        silo.AddActivityPropagation();
        silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = options.ActivationIdleTimeout);
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = options.MinimumReminderPeriod);

        silo.UseAdoNetClustering(o => o.Invariant = Invariant);
        services.AddOptions<AdoNetClusteringSiloOptions>().Configure<NpgsqlDataSource>((o, db) => o.DataSource = db);
        silo.AddAdoNetGrainStorage(GrainStorage.Name, o => o.Invariant = Invariant);
        services.AddOptions<AdoNetGrainStorageOptions>(GrainStorage.Name).Configure<NpgsqlDataSource>((o, db) => o.DataSource = db);
        silo.UseAdoNetReminderService(o => o.Invariant = Invariant);
        services.AddOptions<AdoNetReminderTableOptions>().Configure<NpgsqlDataSource>((o, db) => o.DataSource = db);

        // Plain System.Text.Json in the platform's shape: the generated columns of orleans_grain_state read it.
        silo.UseSystemTextJsonGrainStorageSerializer();
        services.Configure<SystemTextJsonGrainStorageSerializerOptions>(o => StateJson.Apply(o.JsonSerializerOptions));

        services.AddSingleton<DeadlineCatchUp>();
        services.AddHostedService(sp => sp.GetRequiredService<DeadlineCatchUp>());
        services.AddHostedService(sp => sp.GetRequiredService<DispatchService>());
        return silo;
    }

    /// <summary>Makes this host an Orleans client of the cluster (an api-only node): gateways from the clustering table.</summary>
    public static IClientBuilder AddP4Client(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        var options = configuration.ClusterOptions();
        client.Services.TryAddSingleton(options);
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        client.AddActivityPropagation();
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = options.Membership.TableRefreshTimeout);
        client.UseAdoNetClustering(o => o.Invariant = Invariant);
        client.Services.AddOptions<AdoNetClusteringClientOptions>().Configure<NpgsqlDataSource>((o, db) => o.DataSource = db);
        return client;
    }

    /// <summary>The service id of this node's cluster (the key of its grain rows).</summary>
    public static string ServiceId(this IServiceProvider services) =>
        services.GetService<PlatformClusterOptions>()?.ServiceId ?? new PlatformClusterOptions().ServiceId;
}
