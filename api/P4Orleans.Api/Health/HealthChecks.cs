using Microsoft.Extensions.Diagnostics.HealthChecks;
using P4Orleans.Silo.Hosting;

namespace P4Orleans.Api.Health;

/// <summary>The tags that sort the checks into the two probes.</summary>
public static class HealthTags
{
    /// <summary>The process answers: only checks that cannot fail for a reason outside the process.</summary>
    public const string Live = "live";

    /// <summary>The node can serve: database reachable and migrated, its silo active (or a gateway reachable).</summary>
    public const string Ready = "ready";
}

/// <summary>The process answers: the liveness probe restarts a process only when this endpoint stops answering.</summary>
public sealed class ProcessHealthCheck : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy("the process answers"));
}

/// <summary>The database is reachable and every migration is applied (<see cref="DatabaseReadiness"/>).</summary>
public sealed class DatabaseHealthCheck(DatabaseReadiness readiness) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (ready, detail) = await readiness.CheckAsync(cancellationToken);
        return ready ? HealthCheckResult.Healthy(detail) : HealthCheckResult.Unhealthy(detail);
    }
}
