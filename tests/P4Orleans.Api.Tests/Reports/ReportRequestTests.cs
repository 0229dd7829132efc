using System.Net;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Recovery.Reports;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Reports;

public sealed class ReportRequestTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("2026-Q0")]
    [InlineData("2026-Q5")]
    [InlineData("2026-q1")]
    [InlineData("2026-02-30")]
    [InlineData("2026-2-3")]
    [InlineData("26-11")]
    [InlineData("2026")]
    [InlineData("2026-W05")]
    [InlineData("2026-11-20..2026-11-05")]
    [InlineData("2025-01-01..2026-12-31")]
    [InlineData("2026-11-05..")]
    [InlineData("2026-11-05..2026-11-06..2026-11-07")]
    [InlineData("1999-12")]
    [InlineData("9999-Q4x")]
    [InlineData("nonsense")]
    public async Task a_period_that_is_not_a_day_month_quarter_or_range_is_a_400_problem(string period)
    {
        var onss = await _s.OnssAsync();
        await ChangeFeedTests.ExpectProblemAsync(await onss.GetAsync($"/onss/reports/{Uri.EscapeDataString(period)}", Ct), "period");
    }

    [Theory]
    [InlineData("from=2026-11-05", "to")]
    [InlineData("to=2026-11-05", "from")]
    [InlineData("from=2026-11-05&to=2026-11-04", "to")]
    [InlineData("from=2026-11&to=2026-12", "to")]
    [InlineData("from=2024-01-01&to=2025-01-01", "to")]
    [InlineData("from=2026-11-01&to=2026-11-30&format=xml", "format")]
    public async Task a_range_with_a_missing_or_bad_bound_or_format_is_a_400_problem(string query, string field)
    {
        var onss = await _s.OnssAsync();
        await ChangeFeedTests.ExpectProblemAsync(await onss.GetAsync($"/onss/reports?{query}", Ct), field);
    }

    [Theory]
    [InlineData("2026-11-05", "2026-11-05", "2026-11-05")]
    [InlineData("2026-11", "2026-11-01", "2026-11-30")]
    [InlineData("2024-02", "2024-02-01", "2024-02-29")]
    [InlineData("2026-Q1", "2026-01-01", "2026-03-31")]
    [InlineData("2026-Q4", "2026-10-01", "2026-12-31")]
    [InlineData("2026-11-01..2026-11-30", "2026-11-01", "2026-11-30")]
    [InlineData("2026-10-01..2026-12-31", "2026-10-01", "2026-12-31")]
    [InlineData("2026-03-29..2026-03-30", "2026-03-29", "2026-03-30")]
    [InlineData("2024-01-01..2024-12-31", "2024-01-01", "2024-12-31")]
    public void a_period_names_its_first_and_last_day_and_a_range_that_is_a_month_or_quarter_is_named_so(string text, string from, string to)
    {
        Assert.True(ReportPeriod.TryParse(text, out var period, out var error), error);
        Assert.Equal((DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)),
            (period!.From, period.To));
        Assert.True(ReportPeriod.TryParse(period.Name, out var again, out _));
        Assert.Equal(period, again);
    }

    [Fact]
    public async Task only_onss_reads_the_reports_and_every_read_is_audited_with_its_period()
    {
        var onss = await _s.OnssAsync();
        await ExpectAsync(await onss.GetAsync("/onss/reports/2026-03", Ct), HttpStatusCode.OK);
        await ExpectAsync(await onss.GetAsync("/onss/reports?from=2026-03-01&to=2026-03-31&format=csv", Ct), HttpStatusCode.OK);
        await ExpectAsync(await onss.GetAsync("/onss/reports/2026-13", Ct), HttpStatusCode.BadRequest);
        foreach (var other in new[] { await _s.OperatorAsync(), await _s.BailiffAsync("liege-a"), await _s.AuditorAsync() })
        {
            await ExpectAsync(await other.GetAsync("/onss/reports/2026-03", Ct), HttpStatusCode.Forbidden);
            await ExpectAsync(await other.GetAsync("/onss/reports?from=2026-03-01&to=2026-03-31", Ct), HttpStatusCode.Forbidden);
        }

        Assert.Equal(["ok:200", "ok:200"], await ReportTests.AuditOutcomesAsync(_s, "onss.report", "report/2026-03"));
        var all = await ReportTests.AuditOutcomesAsync(_s, "onss.report");
        Assert.Equal(9, all.Count);
        Assert.Equal(6, all.Count(o => o == "denied:403"));
        Assert.Single(all, o => o == "rejected:400");
    }
}
