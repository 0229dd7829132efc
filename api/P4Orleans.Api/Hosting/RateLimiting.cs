using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.Hosting;

/// <summary>One audience's limit (section <c>RateLimits:&lt;audience&gt;</c>): at most <see cref="PermitLimit"/> requests a <see cref="Window"/> per caller.</summary>
public sealed class AudienceLimit
{
    /// <summary>Requests a caller may send in one window.</summary>
    public int PermitLimit { get; set; }

    /// <summary>The fixed window the permits are counted in.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Rate limits per caller and audience on ASP.NET Core's limiter: the audience is the route group a request goes to
/// (<c>/onss</c>, <c>/bailiff</c>, <c>/operators</c> and <c>/law</c>, <c>/chamber</c>, <c>/ops</c>, <c>/admin</c> and
/// <c>/security</c>, anything else); the caller is the registered user, or the remote address of an anonymous request.
/// Each (audience, caller) pair has a window of its own, so one caller over its limit slows nobody else. The health
/// probes are never limited (load balancers poll them). Over the limit: a 429 problem with <c>Retry-After</c>.
/// </summary>
public static class RateLimiting
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "RateLimits";

    /// <summary>The audiences, the path prefixes that lead to them, and their default permits per 10 s per caller.</summary>
    public static readonly IReadOnlyList<(string Audience, string[] Prefixes, int DefaultPermits)> Audiences =
    [
        ("Onss", ["/onss"], 2_000),
        ("Bailiff", ["/bailiff"], 1_000),
        ("Operator", ["/operators", "/law"], 1_000),
        ("Chamber", ["/chamber"], 1_000),
        ("Ops", ["/ops"], 1_000),
        ("Admin", ["/admin", "/security"], 500),
        ("Other", [], 1_000),
    ];

    /// <summary>The audience of a path (<c>Other</c> when no prefix matches), or null for the unlimited health probes.</summary>
    public static string? AudienceOf(PathString path)
    {
        if (path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        // Loops, not LINQ: this runs on every request.
        foreach (var (audience, prefixes, _) in Audiences)
        {
            foreach (var prefix in prefixes)
            {
                if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    return audience;
                }
            }
        }
        return "Other";
    }

    /// <summary>The limits in force: the defaults, overridden by <c>RateLimits:&lt;audience&gt;:PermitLimit</c> and <c>:Window</c>.</summary>
    public static Dictionary<string, AudienceLimit> Limits(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var limits = new Dictionary<string, AudienceLimit>(StringComparer.OrdinalIgnoreCase);
        foreach (var (audience, _, permits) in Audiences)
        {
            var limit = new AudienceLimit { PermitLimit = permits };
            section.GetSection(audience).Bind(limit);
            if (limit.PermitLimit < 1 || limit.Window <= TimeSpan.Zero)
            {
                throw new InvalidOperationException($"{SectionName}:{audience} needs a PermitLimit of at least 1 and a positive Window.");
            }
            limits[audience] = limit;
        }
        return limits;
    }

    /// <summary>Registers the partitioned limiter (nothing when <c>RateLimits:Enabled</c> is false).</summary>
    public static IServiceCollection AddPlatformRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.GetSection(SectionName).GetValue("Enabled", true))
        {
            return services;
        }
        var limits = Limits(configuration);
        // The limiter is the container's (created by a factory, so disposed with the host): disposing it stops the
        // timer that replenishes its windows, which would otherwise keep the whole pipeline of a stopped host alive.
        services.AddSingleton(_ => new PlatformLimiter(limits));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) => RejectAsync(context, limits);
        });
        services.AddOptions<RateLimiterOptions>().Configure<PlatformLimiter>((o, limiter) => o.GlobalLimiter = limiter.Limiter);
        return services;
    }

    /// <summary>Adds the limiter to the pipeline when it is registered (call after authentication).</summary>
    public static IApplicationBuilder UsePlatformRateLimiting(this IApplicationBuilder app)
    {
        var configuration = app.ApplicationServices.GetRequiredService<IConfiguration>();
        return configuration.GetSection(SectionName).GetValue("Enabled", true) ? app.UseMiddleware<GlobalLimiterMiddleware>() : app;
    }

    /// <summary>
    /// Applies the global limiter of <see cref="RateLimiterOptions"/> (its rejection status and <c>OnRejected</c>), except on
    /// endpoints marked <see cref="DisableRateLimitingAttribute"/>. ASP.NET Core's own middleware would do the same, but it
    /// also builds a limiter for endpoint policies (the platform has none) that nothing ever disposes: that limiter's
    /// replenishing timer keeps the whole pipeline of a stopped host reachable, and a process that starts hosts one after
    /// another (the test suites) keeps every one of them.
    /// </summary>
    private sealed class GlobalLimiterMiddleware(RequestDelegate next, IOptions<RateLimiterOptions> options)
    {
        public async Task InvokeAsync(HttpContext context)
        {
            var settings = options.Value;
            if (settings.GlobalLimiter is not { } limiter
                || context.GetEndpoint()?.Metadata.GetMetadata<DisableRateLimitingAttribute>() is not null)
            {
                await next(context);
                return;
            }

            using var lease = await limiter.AcquireAsync(context, 1, context.RequestAborted);
            if (lease.IsAcquired)
            {
                await next(context);
                return;
            }
            context.Response.StatusCode = settings.RejectionStatusCode;
            if (settings.OnRejected is { } rejected)
            {
                await rejected(new OnRejectedContext { HttpContext = context, Lease = lease }, context.RequestAborted);
            }
        }
    }

    /// <summary>One limiter per (audience, caller): a fixed window each, none for the health probes.</summary>
    private sealed class PlatformLimiter(Dictionary<string, AudienceLimit> limits) : IDisposable, IAsyncDisposable
    {
        // The partition key is a value (no string built per request) carrying its audience's limit, so the limiter's
        // factory is a static lambda: a request allocates nothing here once its partition exists.
        public PartitionedRateLimiter<HttpContext> Limiter { get; } = PartitionedRateLimiter.Create<HttpContext, CallerKey>(http =>
        {
            if (AudienceOf(http.Request.Path) is not { } audience)
            {
                return RateLimitPartition.GetNoLimiter(default(CallerKey));
            }
            // The user id when authenticated (the limiter runs after authentication), the address otherwise.
            var key = http.User.UserId() is { } user
                ? new CallerKey(limits[audience], user, null)
                : new CallerKey(limits[audience], Guid.Empty, http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            return RateLimitPartition.Get(key, static k => new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
            {
                PermitLimit = k.Limit!.PermitLimit,
                Window = k.Limit.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        });

        public void Dispose() => Limiter.Dispose();

        public ValueTask DisposeAsync() => Limiter.DisposeAsync();
    }

    /// <summary>
    /// A caller of one audience: the audience's limit (compared by reference: one instance per audience), the user's id,
    /// or for an anonymous caller its address. The default value is the health probes' unlimited partition.
    /// </summary>
    private readonly record struct CallerKey(AudienceLimit? Limit, Guid User, string? Address);

    private static async ValueTask RejectAsync(OnRejectedContext context, Dictionary<string, AudienceLimit> limits)
    {
        var http = context.HttpContext;
        var audience = AudienceOf(http.Request.Path) ?? "Other";
        var limit = limits[audience];
        // The window's remaining time when the limiter says it; the whole window otherwise. At least one second.
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : limit.Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"A caller sends at most {limit.PermitLimit} requests every {limit.Window.TotalSeconds:0.###} s to this part of the API; " +
                    $"retry after {seconds} s.",
            },
        });
    }
}
