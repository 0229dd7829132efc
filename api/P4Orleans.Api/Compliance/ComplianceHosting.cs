namespace P4Orleans.Api.Compliance;

/// <summary>The security coordinator's and the data-protection manager's services.</summary>
public static class ComplianceHosting
{
    /// <summary>Reports, records and the recertification job (configuration section <c>Compliance</c>).</summary>
    public static IServiceCollection AddCompliance(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ComplianceOptions>().Bind(configuration.GetSection("Compliance")).Validate(o =>
        {
            o.Validate();
            return true;
        }).ValidateOnStart();
        services.AddSingleton<AccessAnomalies>();
        services.AddSingleton<BailiffInfractions>();
        services.AddSingleton<AuditCampaigns>();
        services.AddSingleton<SecurityRecords>();
        services.AddSingleton<RetentionReport>();
        services.AddSingleton<YearlySecurityReport>();
        services.AddSingleton<Recertification>();
        services.AddSingleton<RecertificationJob>();
        services.AddHostedService(sp => sp.GetRequiredService<RecertificationJob>());
        return services;
    }
}
