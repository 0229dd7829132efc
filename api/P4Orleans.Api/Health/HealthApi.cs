using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using P4Orleans.Api.Security;
using P4Orleans.Silo.Hosting;
using CheckStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus;

namespace P4Orleans.Api.Health;

/// <summary>
/// Liveness and readiness probes on ASP.NET Core's health checks: the only endpoints open without authentication.
/// Anonymous probes read a status alone; ops read every check's status, duration and description at <c>/ops/health</c>.
/// </summary>
public static class HealthApi
{
    /// <summary>A probe's answer: <c>live</c>, <c>ready</c> or <c>not-ready</c>, and the names of the failing checks.</summary>
    public sealed record HealthStatus(string Status, string Detail);

    /// <summary>One check as ops read it.</summary>
    /// <param name="Name">The check (<c>process</c>, <c>database</c>, <c>silo</c> or <c>gateway</c>).</param>
    /// <param name="Status">Healthy, Degraded or Unhealthy.</param>
    /// <param name="DurationMs">How long it took, in milliseconds.</param>
    /// <param name="Description">What it found.</param>
    /// <param name="Tags">The probes it belongs to (<c>live</c>, <c>ready</c>).</param>
    public sealed record CheckView(string Name, string Status, double DurationMs, string? Description, IReadOnlyList<string> Tags);

    /// <summary>Every check of the node, for ops.</summary>
    public sealed record HealthReportView(string Status, double DurationMs, IReadOnlyList<CheckView> Checks);

    /// <summary>The checks of a node of <paramref name="role"/>: the process, the database, and its silo or its gateways.</summary>
    public static IServiceCollection AddPlatformHealthChecks(this IServiceCollection services, NodeRole role)
    {
        var checks = services.AddHealthChecks()
            .AddCheck<ProcessHealthCheck>("process", tags: [HealthTags.Live])
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready]);
        // A co-hosted silo must be active in membership; an api-only node needs a gateway that answers.
        _ = role.HasFlag(NodeRole.Silo)
            ? checks.AddCheck<SiloHealthCheck>("silo", tags: [HealthTags.Ready])
            : checks.AddCheck<GatewayHealthCheck>("gateway", tags: [HealthTags.Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        // Never rate limited (the limiter also leaves /health alone by path): a probe must see the node as it is.
        var group = app.MapGroup("/health").WithTags("Health").AllowAnonymous().DisableRateLimiting();
        group.MapGet("/live", LiveAsync).WithName("Live").WithSummary("The process is up");
        group.MapGet("/ready", ReadyAsync).WithName("Ready")
            .WithSummary("The database is reachable and migrated, and the node's silo is active (an api-only node: a gateway answers)");
        return app;
    }

    /// <summary>The report with every check, behind the Ops policy (mapped with the API's groups).</summary>
    public static IEndpointRouteBuilder MapOpsHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ops/health", ReportAsync).WithTags("Ops").RequireAuthorization(Policies.Ops)
            .WithName("OpsHealth").WithSummary("Every health check of this node: its status, duration and description");
        return app;
    }

    private static async Task<Results<Ok<HealthStatus>, JsonHttpResult<HealthStatus>>> LiveAsync(HealthCheckService health, CancellationToken ct) =>
        Probe(await health.CheckHealthAsync(c => c.Tags.Contains(HealthTags.Live), ct), "live", "the process answers", null);

    private static async Task<Results<Ok<HealthStatus>, JsonHttpResult<HealthStatus>>> ReadyAsync(HealthCheckService health, HttpContext context, CancellationToken ct) =>
        Probe(await health.CheckHealthAsync(c => c.Tags.Contains(HealthTags.Ready), ct), "ready", "ready", context);

    private static Results<Ok<HealthStatus>, JsonHttpResult<HealthStatus>> Probe(HealthReport report, string up, string detail, HttpContext? context)
    {
        if (report.Status != CheckStatus.Unhealthy)
        {
            return TypedResults.Ok(new HealthStatus(up, detail));
        }
        if (context is not null)
        {
            // The same hint as the 503 problems of an outage: load balancers and clients poll again after it.
            context.Response.Headers.RetryAfter = ((int)DatabaseOutage.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        // The names of the failing checks only: their descriptions are for ops (/ops/health).
        var failing = string.Join(", ", report.Entries.Where(e => e.Value.Status == CheckStatus.Unhealthy).Select(e => e.Key));
        return TypedResults.Json(new HealthStatus("not-" + up, "failing: " + failing), statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Ok<HealthReportView>> ReportAsync(HealthCheckService health, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(ct);
        return TypedResults.Ok(new HealthReportView(report.Status.ToString(), report.TotalDuration.TotalMilliseconds,
            [.. report.Entries.Select(e => new CheckView(e.Key, e.Value.Status.ToString(), e.Value.Duration.TotalMilliseconds, e.Value.Description, [.. e.Value.Tags]))]));
    }
}
