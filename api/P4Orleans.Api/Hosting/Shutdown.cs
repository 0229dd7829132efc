using System.ComponentModel.DataAnnotations;
using Orleans.Configuration;
using P4Orleans.Silo.Hosting;

namespace P4Orleans.Api.Hosting;

/// <summary>How a node stops (section <c>Shutdown</c>).</summary>
public sealed class ShutdownOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Shutdown";

    /// <summary>
    /// The whole stop: requests in flight end (a bulk intake writes the chunk in hand), the silo hands its grains
    /// back and leaves the membership table as Dead. Past it, what is left is cancelled (the host's ShutdownTimeout).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one grain activation may take to deactivate during the stop (each command already wrote its state).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Graceful stop of a node: the host's shutdown timeout and the silo's grain deactivation timeout.</summary>
public static class Shutdown
{
    /// <summary>Sets <see cref="HostOptions.ShutdownTimeout"/> and, on a silo, <see cref="GrainCollectionOptions.DeactivationTimeout"/>.</summary>
    public static IServiceCollection AddGracefulShutdown(this IServiceCollection services, IConfiguration configuration, NodeRole role)
    {
        var options = configuration.GetValidated<ShutdownOptions>(ShutdownOptions.SectionName);
        if (options.Timeout <= TimeSpan.Zero || options.DeactivationTimeout <= TimeSpan.Zero || options.DeactivationTimeout >= options.Timeout)
        {
            throw new InvalidOperationException("Shutdown:DeactivationTimeout must be positive and shorter than Shutdown:Timeout.");
        }
        services.AddSingleton(options);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = options.Timeout);
        if (role.HasFlag(NodeRole.Silo))
        {
            services.Configure<GrainCollectionOptions>(o => o.DeactivationTimeout = options.DeactivationTimeout);
        }
        return services;
    }
}
