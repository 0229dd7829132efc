using System.Net;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Finance;
using static P4Orleans.Api.Tests.Dossiers.Scenario;
using static P4Orleans.Api.Tests.Finance.FinanceScenario;

namespace P4Orleans.Api.Tests.Finance;

public sealed class OfficePerformanceTests : IAsyncLifetime
{
    private readonly Scenario _s = Create();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    /// <summary>
    /// Five dossiers dispatched to perf-a on Monday 2 March at 09:00 UTC. D1 accepted 4 h later, D2 and D5 10 h later
    /// (mean 8.00 h); D3 refused; D4 left until its acceptance deadline passes (an SLA breach, in March). D1 served on
    /// 5 March (3 days), D2 on 9 March (7 days): mean 5.00 days. D1 seized on 9 March and paid in full to the bailiff:
    /// one seizure, one dossier paid. D5 never served: its 30-day service deadline passes and is escalated in April.
    /// </summary>
    [Fact]
    public async Task an_offices_delays_results_and_sla_breaches_are_counted_month_by_month_from_its_dossiers_history()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "perf-a");
        var ids = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            ids.Add((await _s.SubmitAndDispatchAsync(onss, operators, Contrainte($"ONSS-PERF-{i}", Debtor.Default with { Niss = Niss(620 + i) }))).DossierId);
        }

        var bailiff = await _s.BailiffAsync("perf-a");
        _s.Clock.Advance(TimeSpan.FromHours(4));
        await PostAsync(bailiff, $"/bailiff/dossiers/{ids[0]}/acceptance", null);
        _s.Clock.Advance(TimeSpan.FromHours(6));
        await PostAsync(bailiff, $"/bailiff/dossiers/{ids[1]}/acceptance", null);
        await PostAsync(bailiff, $"/bailiff/dossiers/{ids[4]}/acceptance", null);
        await PostAsync(bailiff, $"/bailiff/dossiers/{ids[2]}/refusal", new { reason = RefusalReason.ConflictOfInterest.ToString() }, HttpStatusCode.NoContent);

        await ServeAsync(_s, bailiff, ids[0], new DateOnly(2026, 3, 5));
        await ServeAsync(_s, bailiff, ids[1], new DateOnly(2026, 3, 9));
        await SeizeAsync(_s, bailiff, ids[0], new DateOnly(2026, 3, 9));
        var balance = (await ViewAsync(operators, $"/operators/dossiers/{ids[0]}")).Amounts.BalanceCents;
        await PayAsync(_s, bailiff, "bailiff", ids[0], balance, new DateOnly(2026, 3, 9), PaymentSource.Bailiff, "PERF-PAY");
        Assert.Equal(DossierStatus.Paid, (await ViewAsync(operators, $"/operators/dossiers/{ids[0]}")).Status);
        MoveTo(_s, new DateOnly(2026, 4, 10));
        await _s.PollRemindersAsync();

        var response = await operators.GetAsync("/operators/bailiffs/perf-a/performance", Ct);
        await ExpectAsync(response, HttpStatusCode.OK);
        var performance = await ReadAsync<OfficePerformance>(response);
        var t = performance.Totals;
        Assert.Equal((5, 3, 1, 1, 2, 1), (t.Assigned, t.Accepted, t.Refused, t.MissedAcceptanceDeadlines, t.Served, t.ServiceDeadlinesMissed));
        Assert.Equal((8.0, 5.0), (t.AverageHoursToAcceptance, t.AverageDaysToService));
        Assert.Equal((1, 1, balance, 2), (t.Seizures, t.DossiersPaid, t.CollectedCents, t.SlaBreaches));
        Assert.Collection(performance.Months,
            march =>
            {
                Assert.Equal("2026-03", march.Month);
                Assert.Equal((5, 3, 1, 1, 2, 0), (march.Assigned, march.Accepted, march.Refused, march.MissedAcceptanceDeadlines, march.Served, march.ServiceDeadlinesMissed));
            },
            april =>
            {
                Assert.Equal("2026-04", april.Month);
                Assert.Equal((0, 1, 1, 0L), (april.Accepted, april.ServiceDeadlinesMissed, april.SlaBreaches, april.CollectedCents));
                Assert.Null(april.AverageDaysToService);
            });

        // From April on, only April counts; another office has no history; input is checked.
        var fromApril = await ReadAsync<OfficePerformance>(await operators.GetAsync("/operators/bailiffs/perf-a/performance?from=2026-04", Ct));
        Assert.Equal("2026-04", Assert.Single(fromApril.Months).Month);
        await _s.RegisterOfficeAsync(operators, "perf-b", "namur");
        var idle = await ReadAsync<OfficePerformance>(await operators.GetAsync("/operators/bailiffs/perf-b/performance", Ct));
        Assert.Equal((0, null), (idle.Totals.Assigned, idle.Totals.AverageDaysToService));
        Assert.Empty(idle.Months);
        foreach (var bad in new[] { "2026", "April", "2026-4", "2026-04-01" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await operators.GetAsync($"/operators/bailiffs/perf-a/performance?from={bad}", Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await operators.GetAsync("/operators/bailiffs/nobody/performance", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bailiff.GetAsync("/operators/bailiffs/perf-a/performance", Ct)).StatusCode);
    }
}
