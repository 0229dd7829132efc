using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using P4Orleans.Domain.Orleans;
using P4Orleans.Silo.Hosting;

namespace P4Orleans.Api.Hosting;

/// <summary>Settings of section <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The section's name.</summary>
    public const string SectionName = "Telemetry";

    /// <summary>When set, <c>/ops/metrics</c> is served on this port only, without authentication (and no longer behind Ops).</summary>
    [Range(1, 65535)]
    public int? ManagementPort { get; set; }

    /// <summary>The address the management port listens on (loopback unless a scraper elsewhere needs it).</summary>
    public string ManagementAddress { get; set; } = "127.0.0.1";
}

/// <summary>
/// Metrics, traces and logs of a node. Metrics: ASP.NET Core, Kestrel, the .NET runtime, Npgsql, Orleans' meter
/// and the platform's own (<see cref="PlatformMetrics"/>), scraped at <see cref="TelemetryEndpoints.MetricsPath"/>.
/// Traces: ASP.NET Core, Npgsql and Orleans' activity sources. Both go out by OTLP only when an endpoint is
/// configured. Logs: JSON lines with scopes (request id, trace id) except in Development; every provider logs
/// through the redacting factory (<c>RedactedLogging</c>).
/// </summary>
public static class TelemetrySetup
{
    /// <summary>Orleans' meter (instruments <c>orleans-*</c>).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Orleans' activity sources: grain calls (application and runtime), storage and lifecycle.</summary>
    public static IReadOnlyList<string> OrleansActivitySources { get; } =
        ["Microsoft.Orleans.Application", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Storage", "Microsoft.Orleans.Lifecycle"];

    /// <summary>The meters exported besides the instrumentations' own.</summary>
    public static IReadOnlyList<string> Meters { get; } =
        [PlatformMetrics.MeterName, OrleansMeter, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics"];

    /// <summary>Adds metrics, traces, the exporters in force, and the console logging of the environment.</summary>
    public static WebApplicationBuilder AddPlatformTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.Logging.AddPlatformConsole(builder.Environment);

        var options = configuration.GetValidated<TelemetryOptions>(TelemetryOptions.SectionName);
        builder.Services.AddSingleton(options);
        if (options.ManagementPort is { } port)
        {
            TelemetryEndpoints.ListenOnManagementPort(builder, options.ManagementAddress, port);
        }

        var otlp = Otlp.From(configuration);
        var instance = configuration["Silo:Name"] is { Length: > 0 } name ? name : $"{Environment.MachineName}-{Environment.ProcessId}";
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("p4orleans", serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString(),
                serviceInstanceId: instance))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter([.. Meters])
                    // Every scrape reads the instruments afresh: a scraper polling after a change sees it.
                    .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(o => otlp.Apply(o, "v1/metrics"));
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation()
                    .AddNpgsql()
                    .AddSource([.. OrleansActivitySources]);
                if (otlp is not null)
                {
                    tracing.AddOtlpExporter(o => otlp.Apply(o, "v1/traces"));
                }
            });
        return builder;
    }

    /// <summary>
    /// Console logs: JSON lines with scopes (the request id, and the trace and span ids of the current activity)
    /// outside Development, the one-line simple format in Development. Timestamps are UTC.
    /// </summary>
    public static ILoggingBuilder AddPlatformConsole(this ILoggingBuilder logging, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(environment);
        logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        logging.AddConsole();
        logging.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        logging.Services.Configure<SimpleConsoleFormatterOptions>(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        logging.Services.Configure<ConsoleLoggerOptions>(o =>
            o.FormatterName = environment.IsDevelopment() ? ConsoleFormatterNames.Simple : ConsoleFormatterNames.Json);
        return logging;
    }

    /// <summary>The OTLP endpoint in force: <c>OpenTelemetry:Otlp:Endpoint</c>, else the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    private sealed record Otlp(Uri? Endpoint, OtlpExportProtocol Protocol)
    {
        public static Otlp? From(IConfiguration configuration)
        {
            var section = configuration.GetSection("OpenTelemetry:Otlp");
            var protocol = section.GetValue("Protocol", OtlpExportProtocol.Grpc);
            if (section["Endpoint"] is { Length: > 0 } endpoint)
            {
                return new Otlp(new Uri(endpoint, UriKind.Absolute), protocol);
            }
            // The exporter reads the standard variables (endpoint, protocol, headers) itself.
            return string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) ? null : new Otlp(null, protocol);
        }

        public void Apply(OtlpExporterOptions options, string signalPath)
        {
            if (Endpoint is null)
            {
                return;
            }
            options.Protocol = Protocol;
            // gRPC takes the collector's address; HTTP/protobuf takes each signal's path under it.
            options.Endpoint = Protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(Endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
                : Endpoint;
        }
    }
}
