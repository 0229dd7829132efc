using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace P4Orleans.Api.Health;

/// <summary>
/// The silo of this node is Active in the cluster's membership: not yet joined, shutting down, stopping or declared
/// dead, it takes no grain calls and the node is not ready.
/// </summary>
public sealed class SiloHealthCheck(ILocalSiloDetails local, IClusterMembershipService membership) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(local.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("the local silo is active in the cluster")
            : HealthCheckResult.Unhealthy($"the local silo is {status} in the cluster"));
    }
}

/// <summary>
/// An api-only node (an Orleans client) can reach the cluster: one call through a gateway answers within
/// <see cref="Timeout"/>. The call is the management grain's list of active silos, which every silo serves.
/// </summary>
public sealed class GatewayHealthCheck(IClusterClient client) : IHealthCheck
{
    /// <summary>How long the call through a gateway may take before the node is reported not ready.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(true, cancellationToken).WaitAsync(Timeout, cancellationToken);
            return hosts.Count > 0
                ? HealthCheckResult.Healthy($"a gateway answers; {hosts.Count} active silos")
                : HealthCheckResult.Unhealthy("a gateway answers but no silo is active");
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or SiloUnavailableException or InvalidOperationException)
        {
            // The type only: messages carry addresses, never useful to an anonymous prober.
            return HealthCheckResult.Unhealthy("no gateway reachable (" + e.GetType().Name + ")");
        }
    }
}
