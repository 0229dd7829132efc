using Microsoft.AspNetCore.Http.HttpResults;
using P4Orleans.Silo.Hosting;

namespace P4Orleans.Api.Health;

/// <summary>Liveness and readiness probes: the only endpoints open without authentication.</summary>
public static class HealthApi
{
    public sealed record HealthStatus(string Status, string Detail);

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        group.MapGet("/live", () => TypedResults.Ok(new HealthStatus("live", "the process answers")))
            .WithName("Live").WithSummary("The process is up");
        group.MapGet("/ready", ReadyAsync).WithName("Ready").WithSummary("The database is reachable and migrated");
        return app;
    }

    private static async Task<Results<Ok<HealthStatus>, JsonHttpResult<HealthStatus>>> ReadyAsync(DatabaseReadiness readiness, HttpContext context, CancellationToken ct)
    {
        var (ready, detail) = await readiness.CheckAsync(ct);
        if (!ready)
        {
            // The same hint as the 503 problems of an outage: load balancers and clients poll again after it.
            context.Response.Headers.RetryAfter = ((int)DatabaseOutage.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return ready
            ? TypedResults.Ok(new HealthStatus("ready", detail))
            : TypedResults.Json(new HealthStatus("not-ready", detail), statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
