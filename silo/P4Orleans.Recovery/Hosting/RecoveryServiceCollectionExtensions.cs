using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using P4Orleans.Contracts;
using P4Orleans.Law;
using P4Orleans.Recovery.Communications;
using P4Orleans.Recovery.Dispatch;
using P4Orleans.Recovery.Documents;
using P4Orleans.Recovery.Intake;
using P4Orleans.Recovery.Timeline;
using P4Orleans.Recovery.Vault;
using P4Orleans.Domain.Orleans;
using P4Orleans.Grains;
using P4Orleans.Silo.Hosting;
using P4Orleans.Silo.Security;

namespace P4Orleans.Recovery.Hosting;

public static class RecoveryServiceCollectionExtensions
{
    /// <summary>The law engine with the options of section <c>Law</c> (unverified values are configuration).</summary>
    public static IServiceCollection AddLawEngine(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(LawOptions.SectionName).Get<LawOptions>() ?? new LawOptions();
        services.TryAddSingleton(options);
        services.TryAddSingleton(sp => new LawEngine(sp.GetRequiredService<LawOptions>()));
        services.TryAddSingleton(sp => new LawQueries(sp.GetRequiredService<LawEngine>()));
        return services;
    }

    /// <summary>
    /// The recovery domain on the grain host: dossier and bailiff grains, the per-dossier key vault, documents,
    /// intake, and (on silo nodes) the batch dispatcher. Call after <c>AddP4Silo</c>.
    /// </summary>
    public static IServiceCollection AddRecovery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLawEngine(configuration);
        services.TryAddSingleton(configuration.GetValidated<DossierOptions>(DossierOptions.SectionName));
        services.TryAddSingleton(configuration.GetValidated<DispatchOptions>("Dispatch"));
        services.TryAddSingleton(_ => KeyRing.LoadOrCreate(configuration.GetSection("Keys").Get<KeyRingOptions>() ?? new KeyRingOptions()));
        services.TryAddSingleton(configuration.GetValidated<IntakeOptions>(IntakeOptions.SectionName));
        services.TryAddSingleton(configuration.GetValidated<VaultOptions>(VaultOptions.SectionName));
        // The platform's meter: the grains, the intake, the catch-up and the audit log count on it.
        services.TryAddSingleton(sp => new PlatformMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<PersonalDataVault>();
        services.TryAddSingleton<IPersonalDataVault>(sp => sp.GetRequiredService<PersonalDataVault>());
        services.TryAddSingleton<DocumentStore>();
        services.AddCommunications(configuration);
        services.TryAddSingleton<IntakeService>();
        services.TryAddSingleton(configuration.ClusterOptions());
        services.TryAddSingleton(sp => new ReminderSettings(sp.GetRequiredService<PlatformClusterOptions>().ReminderPeriod));
        services.TryAddKeyedSingleton(PlatformClock.Key, TimeProvider.System);
        services.TryAddSingleton<IOfficeStatistics, OfficeStatisticsSql>();
        services.TryAddSingleton<P4Orleans.Domain.IDossierTimeline, DossierTimelineSql>();
        services.TryAddSingleton<DispatchQueries>();
        services.TryAddSingleton(sp =>
        {
            var dispatcher = ActivatorUtilities.CreateInstance<DispatchService>(sp);
            sp.GetRequiredService<IntakeService>().DossiersCreated += dispatcher.Wake.Set;
            return dispatcher;
        });
        // Every node runs bulk jobs, so every node beats for its own and looks for the jobs of nodes that died.
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<IntakeJobSweeper>(sp));
        return services;
    }
}
