using System.Globalization;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.Hosting;

/// <summary>
/// The Prometheus scrape endpoint. Without a management port it is an endpoint of the gateway behind the Ops
/// policy (401 without credentials, 403 without the role). With <see cref="TelemetryOptions.ManagementPort"/> it
/// is served on that port alone, without authentication (the port is meant for the scraper's network only),
/// and that port serves nothing else.
/// </summary>
public static class TelemetryEndpoints
{
    /// <summary>The scrape path.</summary>
    public const string MetricsPath = "/ops/metrics";

    /// <summary>Serves the scrape endpoint where the options say; call before authentication.</summary>
    public static WebApplication UsePlatformMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<TelemetryOptions>();
        if (options.ManagementPort is not { } port)
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(Policies.Ops).ExcludeFromDescription();
            return app;
        }

        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null,
            predicate: context => context.Connection.LocalPort == port && context.Request.Path == MetricsPath,
            path: null,
            configureBranchedPipeline: null,
            optionsName: null);
        // The management port is for the scraper: nothing of the API answers there.
        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort != port)
            {
                return next(context);
            }
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }

    /// <summary>
    /// Adds the management listener to the gateway's own: to the configured Kestrel endpoints when there are
    /// any (Kestrel then ignores <c>urls</c>), otherwise to <c>urls</c> (or its default).
    /// </summary>
    internal static void ListenOnManagementPort(WebApplicationBuilder builder, string address, int port)
    {
        if (port is < 1 or > 65_535)
        {
            throw new InvalidOperationException($"Telemetry:ManagementPort must be a TCP port (1-65535), not {port}.");
        }
        var host = address.Contains(':', StringComparison.Ordinal) && !address.StartsWith('[') ? $"[{address}]" : address;
        var url = string.Create(CultureInfo.InvariantCulture, $"http://{host}:{port}");
        var configuration = builder.Configuration;
        if (configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            configuration["Kestrel:Endpoints:Management:Url"] = url;
            return;
        }
        var urls = configuration[WebHostDefaults.ServerUrlsKey];
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.IsNullOrWhiteSpace(urls) ? $"http://localhost:5000;{url}" : $"{urls};{url}");
    }
}
