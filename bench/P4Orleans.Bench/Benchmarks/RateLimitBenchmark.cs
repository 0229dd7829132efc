using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using P4Orleans.Api.Hosting;
using P4Orleans.Api.Security;
using P4Orleans.Bench.Harness;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>
/// The gateway's rate limiter (Hosting/RateLimiting.cs, the platform's own partitioning and configuration) on an
/// endpoint that does nothing else, against the same endpoint without it: the limiter's whole cost per request,
/// over real loopback HTTP, 32 callers each its own user (its own partition).
/// </summary>
public sealed class RateLimitBenchmark : IBenchmark
{
    private const int Callers = 32;

    public string Name => "rate-limit";

    public string Description => "an endpoint with the platform's rate limiter vs the same endpoint without it, 32 callers over loopback HTTP";

    public async Task<BenchmarkResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new BenchmarkResult(Name, Description);
        // Limits no caller of the load reaches, and one small one the check below runs into.
        var settings = new Dictionary<string, string?>
        {
            ["RateLimits:Onss:PermitLimit"] = "100000000",
            ["RateLimits:Admin:PermitLimit"] = "1",
            ["RateLimits:Admin:Window"] = "01:00:00",
        };
        await using var without = await StartAsync(limited: false, settings, cancellationToken);
        await using var with = await StartAsync(limited: true, settings, cancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Callers * 2 });
        var users = Enumerable.Range(0, Callers).Select(_ => Guid.NewGuid().ToString()).ToArray();
        long refused = 0;

        Func<int, CancellationToken, Task> Call(Uri address) => async (caller, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, "/onss/ping"));
            request.Headers.Add("X-Bench-User", users[caller]);
            using var response = await http.SendAsync(request, ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref refused);
            }
        };

        var (plain, plainCpu, limited, limitedCpu) = await PairedLoad.RunAsync(context, Callers, Call(without.Address), Call(with.Address), cancellationToken);
        var ratio = limited.PerSecond / plain.PerSecond;
        Row(result, "endpoint without the limiter", plain, plain.PerSecond, plainCpu);
        Row(result, "endpoint with the limiter", limited, plain.PerSecond, limitedCpu);
        result.Targets.Add(new BenchTarget($"the limiter keeps >= 90% of the bare endpoint's throughput (measured {ratio:P0})", ratio >= 0.9));
        result.Checks.Add(new BenchCheck($"no request of the load was refused ({Interlocked.Read(ref refused)} refused)", Interlocked.Read(ref refused) == 0));
        result.Checks.Add(new BenchCheck("the limited side really limits (a second admin request in the hour is a 429)", await LimitsAsync(http, with.Address, cancellationToken)));
        result.Notes.Add("Both sides are the same minimal Kestrel app on loopback (one GET answering 'ok', the caller's user id set from a header " +
            "by a middleware on both sides); the limited side adds AddPlatformRateLimiting/UsePlatformRateLimiting, partitioned per audience " +
            "and user exactly as the gateway is. A real endpoint also authenticates, audits and reads the database, so its relative overhead is smaller.");
        return result;
    }

    private static async Task<bool> LimitsAsync(HttpClient http, Uri address, CancellationToken ct)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, "/admin/ping"));
            request.Headers.Add("X-Bench-User", "check");
            using var response = await http.SendAsync(request, ct);
            statuses.Add(response.StatusCode);
        }
        return statuses is [HttpStatusCode.OK, HttpStatusCode.TooManyRequests];
    }

    private static async Task<BenchApp> StartAsync(bool limited, Dictionary<string, string?> settings, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddProblemDetails();
        if (limited)
        {
            builder.Services.AddPlatformRateLimiting(builder.Configuration);
        }
        var app = builder.Build();
        // What authentication would have put there: the caller's user id claim (the limiter's partition key).
        app.Use((http, next) =>
        {
            http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(PlatformClaims.UserId, http.Request.Headers["X-Bench-User"].ToString())], "bench"));
            return next(http);
        });
        if (limited)
        {
            app.UsePlatformRateLimiting();
        }
        app.MapGet("/onss/ping", () => "ok");
        app.MapGet("/admin/ping", () => "ok");
        await app.StartAsync(ct);
        return new BenchApp(app, new Uri(app.Urls.First()));
    }

    private static void Row(BenchmarkResult result, string side, LoadResult load, double plainRate, CpuUse cpu) =>
        result.Rows.Add(new BenchRow().Add("side", side).Add("ops_s", load.PerSecond, "F0").Add("p50_ms", load.PercentileMs(50), "F3")
            .Add("p99_ms", load.PercentileMs(99), "F3").Add("vs_bare", load.PerSecond / plainRate).Add("client_cpu_us", cpu.ClientMicros, "F0"));

    private sealed class BenchApp(WebApplication app, Uri address) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
