using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Hosting;
using P4Orleans.Recovery.Reports;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Reports;

/// <summary>
/// March 2026 built by hand: four titles accepted (claims 125,000 + 225,000 + 325,000 + 75,000 cents), two refused;
/// services reported 0, 2 and 10 days after assignment; executory seizures 14 and 12 days after service; one
/// opposition, judged with the claim reduced to 200,000; payments of 50,000, 25,000 and 10,000; one title declared
/// irrecoverable, whose personal data goes in April.
/// </summary>
public sealed class ReportTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    private sealed record March(string A, string B, string C, string D, long CostsCents, long OutstandingCents);

    private async Task<March> BuildMarchAsync(HttpClient onss)
    {
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "liege-a");
        var claims = new[] { 100_000L, 200_000, 300_000, 50_000 };
        var ids = new List<string>();
        for (var i = 0; i < claims.Length; i++)
        {
            ids.Add(await _s.SubmitAsync(onss, Contrainte($"ONSS-REP-{i}", Debtor.Default with { Niss = Niss(301 + i) }, claims[i])));
        }

        // Refused: a single title without amounts, and a broken line of a bulk file.
        var bad = await onss.PostAsJsonAsync("/onss/dossiers", Contrainte("ONSS-REP-BAD") with { Amounts = [] }, Json, Ct);
        await ExpectAsync(bad, HttpStatusCode.BadRequest);
        var (lines, _, _) = await BulkIntake.PostAsync(onss, BulkIntake.Ndjson("{\"reference\": \"ONSS-REP-BROKEN\", \"titleKind\": \n"));
        Assert.Equal("rejected", BulkIntake.Outcome(Assert.Single(lines)));

        Assert.Equal(4, (await _s.DispatchAsync()).Assigned);
        var (a, b, c, d) = (ids[0], ids[1], ids[2], ids[3]);
        await PostAsync(onss, $"/onss/dossiers/{d}/irrecoverability", new { reason = "no assets" });
        var bailiff = await _s.BailiffAsync("liege-a");
        foreach (var id in new[] { a, b, c })
        {
            await PostAsync(bailiff, $"/bailiff/dossiers/{id}/acceptance", null);
        }

        // Services reported on 12 March, dated 0, 2 and 10 days after the assignment of 2 March.
        _s.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 12, 9, 0, 0, TimeSpan.Zero));
        var assigned = new DateOnly(2026, 3, 2);
        foreach (var (id, days) in new[] { (a, 0), (b, 2), (c, 10) })
        {
            await PostAsync(bailiff, $"/bailiff/dossiers/{id}/service", new ServiceReport(assigned.AddDays(days), ServiceMode.InPerson, null, $"ACT-S-{days}"));
        }

        // 16 March: executable; seizures 14 (A) and 12 (B) days after service; C opposes.
        _s.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 16, 9, 0, 0, TimeSpan.Zero));
        await _s.PollRemindersAsync();
        foreach (var id in new[] { a, b })
        {
            await PostAsync(bailiff, $"/bailiff/dossiers/{id}/seizures",
                new SeizureReport(SeizureKind.MovableGoods, SeizureNature.Executory, _s.Today, [new SeizableAsset("Car", 500_000)], "ACT-Z"));
        }

        await PostAsync(bailiff, $"/bailiff/dossiers/{c}/opposition", new OppositionReport(OppositionKind.AdversarialPetition, _s.Today, "Tribunal du travail de Liège"));
        var costs = 0L;
        foreach (var (id, claim) in new[] { (a, 125_000L), (b, 225_000L), (c, 325_000L) })
        {
            costs += (await ViewAsync(operators, $"/operators/dossiers/{id}")).Amounts.ChargedCents - claim;
        }

        _s.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 20, 9, 0, 0, TimeSpan.Zero));
        await PostAsync(operators, $"/operators/dossiers/{c}/judgment", new JudgmentReport(JudgmentOutcome.Reduced, _s.Today, 200_000));
        await PostAsync(onss, $"/onss/dossiers/{a}/payments", new PaymentReport(50_000, _s.Today, PaymentSource.Onss, "PAY-A1"));
        await PostAsync(bailiff, $"/bailiff/dossiers/{b}/payments", new PaymentReport(25_000, _s.Today, PaymentSource.Bailiff, "REC-B1"));
        var outstanding = 0L;
        foreach (var id in ids)
        {
            outstanding += (await ViewAsync(operators, $"/operators/dossiers/{id}")).Amounts.BalanceCents;
        }

        return new March(a, b, c, d, costs, outstanding);
    }

    [Fact]
    public async Task the_monthly_report_gives_the_hand_computed_figures_live_then_stores_them_once_the_month_is_closed()
    {
        var onss = await _s.OnssAsync();
        var m = await BuildMarchAsync(onss);

        // 20 March: the month is open, computed live.
        var live = await ReportAsync(onss, "/onss/reports/2026-03");
        Assert.False(live.Closed);
        Assert.Equal(75_000, live.Amounts.RecoveredCents);
        _s.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 25, 9, 0, 0, TimeSpan.Zero));
        await PostAsync(onss, $"/onss/dossiers/{m.A}/payments", new PaymentReport(10_000, _s.Today, PaymentSource.Onss, "PAY-A2"));
        Assert.Equal(85_000, (await ReportAsync(onss, "/onss/reports/2026-03")).Amounts.RecoveredCents);

        // 2 April: March is closed (it ended on 31 March 22:00 UTC, plus the hour it stays open).
        _s.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 2, 9, 0, 0, TimeSpan.Zero));
        await _s.PollRemindersAsync();
        var json = await TextAsync(onss, "/onss/reports/2026-03", "application/json");
        var csv = await TextAsync(onss, "/onss/reports/2026-03?format=csv", "text/csv");
        var report = System.Text.Json.JsonSerializer.Deserialize<OnssReport>(json, Json)!;
        Assert.True(report.Closed);
        Assert.Equal(("2026-03", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)), (report.Period, report.From, report.To));
        Assert.Equal(new TitleFigures(6, 4, 2), report.Titles);
        Assert.Equal([new("Executable", 1), new("Irrecoverable", 1), new("Seizure", 2)], report.ByStatus);
        Assert.Equal([new CountBy(Liege, 4)], report.ByArrondissement);
        Assert.Equal([new("(none)", 1), new("liege-a", 3)], report.ByOffice);
        var outstanding = m.OutstandingCents - 10_000;
        Assert.Equal(new AmountFigures(750_000, 85_000, outstanding), report.Amounts);
        Assert.Equal(750_000 + m.CostsCents - 85_000 - (325_000 - 200_000), outstanding);
        Assert.Equal([("FileFee", 3L), ("SeizureOfMovables", 2L), ("ServiceOfContrainte", 3L)], report.CostsByAct.Select(c => (c.Act, c.Count)));
        Assert.Equal(m.CostsCents, report.CostsByAct.Sum(c => c.TotalCents));
        Assert.Equal((3, 2.0), (report.ServiceDelay.Count, report.ServiceDelay.MedianDays!.Value));
        Assert.Equal(8.4, report.ServiceDelay.P90Days!.Value, 9);
        Assert.Equal((2, 13.0), (report.ExecutionDelay.Count, report.ExecutionDelay.MedianDays!.Value));
        Assert.Equal(13.8, report.ExecutionDelay.P90Days!.Value, 9);
        Assert.Equal(1, report.Oppositions.Filed);
        Assert.Equal([new CountBy("Reduced", 1)], report.Oppositions.Judgments);
        Assert.Equal((1, 0), (report.Irrecoverable, report.Purged));

        // The CSV says the same, a figure a line.
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("section,key,measure,value", rows[0]);
        Assert.All(rows, r => Assert.Equal(4, r.Split(',').Length));
        foreach (var line in new[]
        {
            "period,2026-03,closed,true", "titles,,received,6", "titles,,rejected,2", "status,Seizure,dossiers,2", "office,(none),dossiers,1",
            "amounts,,claimedCents,750000", "amounts,,recoveredCents,85000", $"amounts,,outstandingCents,{outstanding}",
            "costs,SeizureOfMovables,count,2", "delays,service,medianDays,2", "delays,service,p90Days,8.4", "delays,execution,medianDays,13",
            "delays,execution,p90Days,13.8", "oppositions,,filed,1", "judgments,Reduced,count,1", "outcomes,,irrecoverable,1", "outcomes,,purged,0",
        })
        {
            Assert.Contains(line, rows);
        }

        // Data changes after the close (a late entry dated in March, a payment in April): the report does not.
        await using (var late = _s.Api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("""
            INSERT INTO journal (service_id, grain_type, grain_key, seq, at, kind, data)
            VALUES ($1, 'dossier', $2, 10000, '2026-03-15T10:00:00Z', 'payment-recorded', '{"amountCents": 999, "balanceCents": 0}')
            """))
        {
            late.Parameters.Add(new NpgsqlParameter { Value = _s.Api.Services.GetRequiredService<PlatformClusterOptions>().ServiceId });
            late.Parameters.Add(new NpgsqlParameter { Value = m.B });
            await late.ExecuteNonQueryAsync(Ct);
        }

        await PostAsync(onss, $"/onss/dossiers/{m.A}/payments", new PaymentReport(1_000, _s.Today, PaymentSource.Onss, "PAY-A3"));
        _s.Clock.Advance(TimeSpan.FromDays(40));
        Assert.Equal(json, await TextAsync(onss, "/onss/reports/2026-03", "application/json"));
        Assert.Equal(csv, await TextAsync(onss, "/onss/reports/2026-03?format=csv", "text/csv"));
        var recomputed = await _s.Api.Services.GetRequiredService<OnssReportSql>().ComputeAsync(report.ToPeriod(),
            new DateTimeOffset(2026, 2, 28, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 31, 22, 0, 0, TimeSpan.Zero), true, _s.Clock.GetUtcNow(), Ct);
        Assert.Equal(85_999, recomputed.Amounts.RecoveredCents);
    }

    [Fact]
    public async Task a_day_a_quarter_a_range_and_an_open_month_count_what_happened_in_them()
    {
        var onss = await _s.OnssAsync();
        var m = await BuildMarchAsync(onss);
        _s.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 2, 9, 0, 0, TimeSpan.Zero));
        await _s.PollRemindersAsync();
        Assert.Equal(DossierStatus.Purged, (await ViewAsync(onss, $"/onss/dossiers/{m.D}")).Status);

        var day = await ReportAsync(onss, "/onss/reports/2026-03-12");
        Assert.Equal(("2026-03-12", 0L, 3L), (day.Period, day.Titles.Accepted, day.ServiceDelay.Count));
        Assert.Equal(0, day.ExecutionDelay.Count);
        Assert.Null(day.ExecutionDelay.MedianDays);
        var quarter = await ReportAsync(onss, "/onss/reports/2026-Q1");
        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31), 4L, 750_000L), (quarter.From, quarter.To, quarter.Titles.Accepted, quarter.Amounts.ClaimedCents));
        Assert.True(quarter.Closed);
        var range = await ReportAsync(onss, "/onss/reports/2026-03-02..2026-03-12");
        var query = await ReportAsync(onss, "/onss/reports?from=2026-03-02&to=2026-03-12");
        Assert.Equal(("2026-03-02..2026-03-12", 4L, 3L, 0L), (range.Period, range.Titles.Accepted, range.ServiceDelay.Count, range.Oppositions.Filed));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(range with { GeneratedAt = default }, Json),
            System.Text.Json.JsonSerializer.Serialize(query with { GeneratedAt = default }, Json));

        // April is open: the purge of 2 April is in it, and the stocks are those of now.
        var april = await ReportAsync(onss, "/onss/reports/2026-04");
        Assert.False(april.Closed);
        Assert.Equal((0L, 1L, 0L), (april.Titles.Received, april.Purged, april.Irrecoverable));
        Assert.Contains(new CountBy("Purged", 1), april.ByStatus);
    }

    [Fact]
    public async Task the_accept_header_or_the_format_parameter_chooses_csv_or_json()
    {
        var onss = await _s.OnssAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/onss/reports/2026-03");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var csv = await onss.SendAsync(request, Ct);
        await ExpectAsync(csv, HttpStatusCode.OK);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("section,key,measure,value\r\n", await csv.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var json = new HttpRequestMessage(HttpMethod.Get, "/onss/reports/2026-03?format=JSON");
        json.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var answer = await onss.SendAsync(json, Ct);
        Assert.Equal("application/json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await answer.Content.ReadFromJsonAsync<OnssReport>(Json, Ct))!.Titles.Received);
    }

    private static async Task<OnssReport> ReportAsync(HttpClient client, string path) =>
        System.Text.Json.JsonSerializer.Deserialize<OnssReport>(await TextAsync(client, path, "application/json"), Json)!;

    private static async Task<string> TextAsync(HttpClient client, string path, string mediaType)
    {
        var response = await client.GetAsync(path, Ct);
        await ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    /// <summary>The outcomes of the audit entries of <paramref name="action"/>.</summary>
    internal static async Task<List<string>> AuditOutcomesAsync(Scenario s, string action, string? resource = null)
    {
        await using var cmd = s.Api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "SELECT outcome FROM audit_log WHERE action = $1 AND ($2::text IS NULL OR resource = $2) ORDER BY seq");
        cmd.Parameters.Add(new NpgsqlParameter { Value = action });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)resource ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var outcomes = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(Ct);
        while (await r.ReadAsync(Ct))
        {
            outcomes.Add(r.GetString(0));
        }

        return outcomes;
    }
}

internal static class ReportPeriods
{
    public static ReportPeriod ToPeriod(this OnssReport report) => new(report.From, report.To);
}
