using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using P4Orleans.Recovery.Finance;
using P4Orleans.Silo.Hosting;

namespace P4Orleans.Recovery.Hosting;

/// <summary>Registration of the bailiffs' financial management (section <c>Finance</c>).</summary>
public static class FinanceServiceCollectionExtensions
{
    /// <summary>Remittance statements, reconciliation and office performance: SQL over the journal, on any node with the database.</summary>
    public static IServiceCollection AddFinance(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(configuration.GetValidated<FinanceOptions>(FinanceOptions.SectionName));
        services.TryAddSingleton<RemittanceSql>();
        services.TryAddSingleton<OfficePerformanceSql>();
        return services;
    }
}
