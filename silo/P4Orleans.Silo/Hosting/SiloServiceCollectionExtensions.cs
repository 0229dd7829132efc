using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;
using P4Orleans.Grains;
using P4Orleans.Silo.Messaging;
using P4Orleans.Silo.Nodes;
using P4Orleans.Silo.Reminders;
using P4Orleans.Silo.Runtime;

namespace P4Orleans.Silo.Hosting;

public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// The database and the grain host. Every node runs grain calls; nodes whose <c>Silo:Role</c> includes
    /// Silo also fire reminders and deliver messages. Register grains with <see cref="AddGrain{TInterface, TGrain}"/>.
    /// </summary>
    public static IServiceCollection AddP4Silo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddP4Database(configuration);
        var section = configuration.GetSection("Silo");
        services.Configure<SiloOptions>(section);
        var role = section.GetValue("Role", NodeRole.All);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HostMetrics>();
        services.TryAddSingleton<GrainCatalog>();
        services.TryAddSingleton<GrainRuntime>();
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddHostedService<NodeHeartbeat>();
        if (role.HasFlag(NodeRole.Silo))
        {
            services.AddSingleton<ReminderService>();
            services.AddHostedService(sp => sp.GetRequiredService<ReminderService>());
            services.AddSingleton<MessagePump>();
            services.AddHostedService(sp => sp.GetRequiredService<MessagePump>());
        }
        services.AddHostedService(sp => new WakeUpChannel(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<GrainRuntime>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<WakeUpChannel>>(), sp.GetService<MessagePump>(), sp.GetService<ReminderService>()));
        return services;
    }

    /// <summary>Registers a grain class for its interface.</summary>
    public static IServiceCollection AddGrain<TInterface, TGrain>(this IServiceCollection services)
        where TInterface : IGrainWithStringKey
        where TGrain : class, IGrainBase, TInterface
    {
        services.AddSingleton(new GrainRegistration(typeof(TInterface), typeof(TGrain)));
        return services;
    }
}
