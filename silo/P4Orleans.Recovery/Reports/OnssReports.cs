using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Domain;
using P4Orleans.Grains;
using P4Orleans.Law;
using P4Orleans.Recovery.Hosting;

namespace P4Orleans.Recovery.Reports;

/// <summary>A report rendered in both formats: the JSON and CSV texts served as they are.</summary>
/// <param name="Json">The JSON document.</param>
/// <param name="Csv">The CSV document.</param>
/// <param name="Closed">True when it is the period's stored snapshot.</param>
public sealed record RenderedReport(string Json, string Csv, bool Closed);

/// <summary>
/// ONSS's periodic reports. An open period (or one that ended less than <see cref="CloseDelay"/> ago) is computed
/// live at each read and says so; the first read after it closed computes it once more and stores both renderings
/// in <c>report_snapshots</c>, and every later read returns them byte for byte, whatever changes afterwards.
/// </summary>
public sealed class OnssReports(NpgsqlDataSource db, PlatformClusterOptions cluster, OnssReportSql sql, LawEngine law,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider time, OnssReportOptions options)
{
    /// <summary>The report's JSON shape: camelCase, as the gateway writes its answers.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    private readonly LegalClock clock = LegalClock.For(law);

    /// <summary>How long after its last day a period stays open (journal entries of its last instants may still be committing).</summary>
    public TimeSpan CloseDelay => options.CloseDelay;

    /// <summary>The report of <paramref name="period"/>: the stored snapshot when the period is closed, else computed now.</summary>
    public async Task<RenderedReport> GetAsync(ReportPeriod period, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(period);
        var now = time.GetUtcNow();
        var (start, end) = (clock.StartOf(period.From), clock.EndOf(period.To));
        var closed = now >= end + options.CloseDelay;
        if (closed && await StoredAsync(period, ct) is { } stored)
        {
            return stored;
        }

        var report = await sql.ComputeAsync(period, start, end, closed, now, ct);
        var rendered = new RenderedReport(JsonSerializer.Serialize(report, Json), OnssReportCsv.Render(report), closed);
        if (!closed)
        {
            return rendered;
        }

        // Two first reads may race: the first insert wins, and both answer with what it stored.
        await using var cmd = db.CreateCommand("""
            INSERT INTO report_snapshots (service_id, period_from, period_to, json, csv, stored_at) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT DO NOTHING
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.From });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.To });
        cmd.Parameters.Add(new NpgsqlParameter { Value = rendered.Json });
        cmd.Parameters.Add(new NpgsqlParameter { Value = rendered.Csv });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        await cmd.ExecuteNonQueryAsync(ct);
        return await StoredAsync(period, ct) ?? rendered;
    }

    private async Task<RenderedReport?> StoredAsync(ReportPeriod period, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT json, csv FROM report_snapshots WHERE service_id = $1 AND period_from = $2 AND period_to = $3");
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.From });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.To });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? new RenderedReport(r.GetString(0), r.GetString(1), true) : null;
    }
}

/// <summary>Options of the reports (section <c>Reports</c>).</summary>
public sealed class OnssReportOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Reports";

    /// <summary>How long after a period's end it is still computed live before its snapshot is stored (default one hour).</summary>
    public TimeSpan CloseDelay { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Registration of the change feed and the reports.</summary>
public static class ReportsServiceCollectionExtensions
{
    /// <summary>Adds the change feed, the reports' SQL and the reports with the options of section <c>Reports</c>.</summary>
    public static IServiceCollection AddOnssReporting(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var options = new OnssReportOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(OnssReportOptions.SectionName), options);
        services.AddSingleton(options);
        services.AddSingleton<ChangeFeedSql>();
        services.AddSingleton<OnssReportSql>();
        services.AddSingleton<OnssReports>();
        return services;
    }
}
