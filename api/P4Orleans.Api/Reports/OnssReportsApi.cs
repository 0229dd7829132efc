using Microsoft.AspNetCore.Http.HttpResults;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Dossiers;
using P4Orleans.Api.Problems;
using P4Orleans.Api.Security;
using P4Orleans.Recovery.Reports;

namespace P4Orleans.Api.Reports;

/// <summary>ONSS (role OnssAgent) follows the procedure: the change feed of its dossiers and the periodic reports.</summary>
public static class OnssReportsApi
{
    private const string Csv = "text/csv";

    public static IEndpointRouteBuilder MapOnssReportsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/onss").WithTags("ONSS").RequireAuthorization(p => p.RequireRole(Roles.OnssAgent));
        g.MapGet("/changes", ChangesAsync).WithName("OnssChanges")
            .WithSummary("Dossier changes after a cursor, in commit order, without gaps or duplicates (no personal data)")
            .WithDescription("Pass the page's `next` as `after` to read on; `more` says whether more changes are readable now. The cursor is opaque.")
            .Audited("onss.changes", "dossier");
        g.MapGet("/reports/{period}", PeriodAsync).WithName("OnssReport")
            .WithSummary("The report of a day (2026-11-05), month (2026-11), quarter (2026-Q3) or range (2026-11-05..2026-11-20), JSON or CSV")
            .WithDescription("`format=json|csv` or the Accept header (text/csv) chooses the format. A closed period's report is stored and never changes.")
            .Produces<OnssReport>(StatusCodes.Status200OK, "application/json", Csv)
            .Audited("onss.report", "report");
        g.MapGet("/reports", RangeAsync).WithName("OnssReportRange")
            .WithSummary("The report of the days from `from` to `to` (both included), JSON or CSV")
            .Produces<OnssReport>(StatusCodes.Status200OK, "application/json", Csv)
            .Audited("onss.report", "report");
        return app;
    }

    private static async Task<Ok<ChangeFeedPage>> ChangesAsync(string? after, int? limit, ChangeFeedSql feed, CancellationToken ct)
    {
        ChangeFeedCursor? cursor = null;
        if (after is not null)
        {
            if (!ChangeFeedCursor.TryDecode(after, out var decoded))
            {
                throw new ValidationFailedException("after", "after must be a cursor the feed gave (a page's next or an item's position).");
            }

            cursor = decoded;
        }

        return TypedResults.Ok(await feed.ReadAsync(cursor, DossierHttp.Limit(limit), ct));
    }

    private static Task<ContentHttpResult> PeriodAsync(string period, string? format, HttpContext http, OnssReports reports, CancellationToken ct) =>
        ReportPeriod.TryParse(period, out var parsed, out var error)
            ? AnswerAsync(parsed!, format, http, reports, ct)
            : throw new ValidationFailedException("period", error);

    private static Task<ContentHttpResult> RangeAsync(string? from, string? to, string? format, HttpContext http, OnssReports reports, CancellationToken ct) =>
        ReportPeriod.TryRange(from, to, out var parsed, out var error)
            ? AnswerAsync(parsed!, format, http, reports, ct)
            : throw new ValidationFailedException(from is null ? "from" : "to", error);

    private static async Task<ContentHttpResult> AnswerAsync(ReportPeriod period, string? format, HttpContext http, OnssReports reports, CancellationToken ct)
    {
        var csv = format?.Trim().ToUpperInvariant() switch
        {
            null or "" => http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(Csv, StringComparison.OrdinalIgnoreCase)),
            "CSV" => true,
            "JSON" => false,
            _ => throw new ValidationFailedException("format", "format is json or csv."),
        };
        http.AuditResource(period.Name);
        var report = await reports.GetAsync(period, ct);
        return csv
            ? TypedResults.Text(report.Csv, "text/csv; charset=utf-8")
            : TypedResults.Text(report.Json, "application/json; charset=utf-8");
    }
}
