using System.Net;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Finance;
using P4Orleans.Recovery.Hosting;
using static P4Orleans.Api.Tests.Dossiers.Scenario;
using static P4Orleans.Api.Tests.Finance.FinanceScenario;

namespace P4Orleans.Api.Tests.Finance;

public sealed class RemittanceStatementTests : IAsyncLifetime
{
    private static readonly DateOnly March3 = new(2026, 3, 3);
    private static readonly DateOnly March5 = new(2026, 3, 5);
    private static readonly DateOnly March6 = new(2026, 3, 6);

    private readonly Scenario _s = Create();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    /// <summary>
    /// Two dossiers of office fin-a in March 2026, figures by hand (claim 3,250.00 each, so legacy band E and reformed class B):
    /// A: service 3 March, 1976 tariff band E 90.49 + VAT 19.00 = 109.49; seizure 5 March, 2024 tariff class B 175.00 + VAT 36.75
    ///    = 211.75; the bailiff collects 500.00 on 6 March: costs first (LEGAL.md §5), so 321.24 kept and 178.76 due to ONSS.
    ///    ONSS's own payment of 100.00 is not the office's.
    /// B: service 3 March, 109.49; the bailiff collects 50.00 on 5 March: all of it kept, nothing due.
    /// Statement: collected 550.00, kept 371.24, due 178.76 by 15 April (31 March + 15 days), costs charged 430.73.
    /// </summary>
    private async Task<(string A, string B)> MarchAsync()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "fin-a");
        var (a, _, bailiff) = await AcceptedAsync(_s, onss, operators, "ONSS-FIN-A", 601);
        var (b, _, _) = await AcceptedAsync(_s, onss, operators, "ONSS-FIN-B", 602);
        await ServeAsync(_s, bailiff, a, March3);
        await ServeAsync(_s, bailiff, b, March3);
        await SeizeAsync(_s, bailiff, a, March5);
        await PayAsync(_s, bailiff, "bailiff", b, 5_000, March5, PaymentSource.Bailiff, "B-PAY-1");
        await PayAsync(_s, bailiff, "bailiff", a, 50_000, March6, PaymentSource.Bailiff, "A-PAY-1");
        await PayAsync(_s, onss, "onss", a, 10_000, March6, PaymentSource.Onss, "ONSS-PAY-1");
        return (a, b);
    }

    [Fact]
    public async Task a_statement_lists_what_the_office_collected_the_costs_it_keeps_under_each_dated_tariff_and_what_it_owes_onss()
    {
        var (a, b) = await MarchAsync();
        var bailiff = await _s.BailiffAsync("fin-a");
        var statement = await StatementAsync(bailiff, "/bailiff/offices/fin-a/remittances/2026-03");

        Assert.False(statement.Closed);
        Assert.Equal(new DateOnly(2026, 3, 1), statement.PeriodStart);
        Assert.Equal(new DateOnly(2026, 3, 31), statement.PeriodEnd);
        Assert.Equal(new DateOnly(2026, 4, 15), statement.DueOn);
        Assert.Equal(55_000, statement.CollectedCents);
        Assert.Equal(37_124, statement.KeptCents);
        Assert.Equal(17_876, statement.DueCents);
        Assert.Equal(43_073, statement.CostsChargedCents);

        var lineA = Assert.Single(statement.Dossiers, d => d.DossierId == a);
        var payment = Assert.Single(lineA.Payments);
        Assert.Equal((50_000L, 32_124L, 17_876L, March6), (payment.AmountCents, payment.KeptCents, payment.DueCents, payment.PaidOn));
        Assert.Collection(lineA.Costs.OrderBy(c => c.Date),
            service => Assert.Equal(("ServiceOfContrainte", "tariff-rd-1976-11-30", "E", 9_049L, 1_900L, 10_949L),
                (service.Act, service.TariffVersionId, service.ClaimClass, service.ExclVatCents, service.VatCents, service.TotalCents)),
            seizure => Assert.Equal(("SeizureOfMovables", "tariff-rd-2024-05-18", "B", 17_500L, 3_675L, 21_175L),
                (seizure.Act, seizure.TariffVersionId, seizure.ClaimClass, seizure.ExclVatCents, seizure.VatCents, seizure.TotalCents)));
        var lineB = Assert.Single(statement.Dossiers, d => d.DossierId == b);
        Assert.Equal((5_000L, 5_000L, 0L), (lineB.CollectedCents, lineB.KeptCents, lineB.DueCents));

        // The operators read the same figures; the next month holds nothing yet.
        var operators = await _s.OperatorAsync();
        var same = await StatementAsync(operators, "/operators/remittances/fin-a/2026-03");
        Assert.Equal((statement.CollectedCents, statement.KeptCents, statement.DueCents), (same.CollectedCents, same.KeptCents, same.DueCents));
        var april = await StatementAsync(operators, "/operators/remittances/fin-a/2026-04");
        Assert.Equal((0L, 0L, 0L), (april.CollectedCents, april.KeptCents, april.DueCents));
        Assert.Empty(april.Dossiers);
    }

    [Fact]
    public async Task a_closed_statement_is_stored_and_never_changes_even_when_late_facts_reach_the_journal()
    {
        var (a, _) = await MarchAsync();
        var operators = await _s.OperatorAsync();
        MoveTo(_s, new DateOnly(2026, 4, 2));
        var closed = await StatementAsync(operators, "/operators/remittances/fin-a/2026-03");
        Assert.True(closed.Closed);
        Assert.Equal(17_876, closed.DueCents);

        // A fact recorded in March that reaches the journal only now (a replayed write), and an April payment.
        var service = _s.Api.Services.GetRequiredService<PlatformClusterOptions>().ServiceId;
        await ScalarAsync(_s, """
            INSERT INTO journal (service_id, grain_type, grain_key, seq, at, kind, data)
            VALUES ($1, 'dossier', $2, 100000, '2026-03-20T10:00:00Z', 'payment-recorded',
                    '{"amountCents": 7000, "date": "2026-03-20", "source": "Bailiff", "reference": "Bailiff:LATE", "allocations": []}'::jsonb)
            RETURNING 0
            """, service, a);
        var bailiff = await _s.BailiffAsync("fin-a");
        await PayAsync(_s, bailiff, "bailiff", a, 1_000, new DateOnly(2026, 4, 2), PaymentSource.Bailiff, "A-PAY-2");

        var again = await StatementAsync(bailiff, "/bailiff/offices/fin-a/remittances/2026-03");
        Assert.Equal((closed.CollectedCents, closed.KeptCents, closed.DueCents, closed.ClosedAt), (again.CollectedCents, again.KeptCents, again.DueCents, again.ClosedAt));
        Assert.Equal(1, await ScalarAsync(_s, "SELECT count(*) FROM remittance_statements WHERE office_id = 'fin-a' AND period_start = '2026-03-01'"));
        Assert.Equal(1_000, (await StatementAsync(bailiff, "/bailiff/offices/fin-a/remittances/2026-04")).DueCents);
    }

    [Fact]
    public async Task another_offices_statement_is_not_found_and_the_probe_is_audited()
    {
        await MarchAsync();
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "fin-b", "namur");
        var other = await _s.BailiffAsync("fin-b");

        var probe = await other.GetAsync("/bailiff/offices/fin-a/remittances/2026-03", Ct);
        Assert.Equal(HttpStatusCode.NotFound, probe.StatusCode);
        Assert.Equal("application/problem+json", probe.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await StatementAsync(other, "/bailiff/offices/fin-b/remittances/2026-03")).CollectedCents);
        Assert.Equal(1, await ScalarAsync(_s,
            "SELECT count(*) FROM audit_log WHERE action = 'finance.statement-read' AND resource = 'bailiff-office/fin-a/2026-03' AND outcome = 'refused:other-office:404'"));
        Assert.Equal(1, await ScalarAsync(_s,
            "SELECT count(*) FROM audit_log WHERE action = 'finance.statement-read' AND resource = 'bailiff-office/fin-b/2026-03' AND outcome = 'ok:200'"));

        // A clerk keeps the dossiers, not the office's accounts; an unknown office is 404 for operators too.
        var clerk = await _s.BailiffAsync("fin-a", Api.Security.Roles.BailiffClerk);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync("/bailiff/offices/fin-a/remittances/2026-03", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operators.GetAsync("/operators/remittances/no-such-office/2026-03", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-3")]
    [InlineData("March")]
    [InlineData("2026-03-01")]
    [InlineData("1999-12")]
    [InlineData("26-03")]
    public async Task a_period_that_is_not_a_month_is_a_400_problem_naming_the_field(string period)
    {
        var operators = await _s.OperatorAsync();
        await _s.RegisterOfficeAsync(operators, "fin-a");
        var bailiff = await _s.BailiffAsync("fin-a");
        foreach (var (client, path) in new[]
        {
            (bailiff, $"/bailiff/offices/fin-a/remittances/{period}"),
            (operators, $"/operators/remittances/fin-a/{period}"),
            (operators, $"/operators/remittances/fin-a/{period}/reconciliation"),
            (operators, $"/operators/remittances?period={period}"),
        })
        {
            var response = await client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("period", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.Equal(0, await ScalarAsync(_s, "SELECT count(*) FROM remittance_statements"));
    }

    [Fact]
    public void periods_are_aligned_on_january_and_their_due_date_follows_the_configuration()
    {
        var quarters = new FinanceOptions { PeriodMonths = 3, RemittanceDueDays = 10 };
        Assert.True(quarters.TryParsePeriod("2026-04", out var q2));
        Assert.Equal((new DateOnly(2026, 4, 1), new DateOnly(2026, 6, 30), new DateOnly(2026, 7, 10)), (q2.Start, q2.End, q2.DueOn));
        Assert.False(quarters.TryParsePeriod("2026-05", out _));
        Assert.True(quarters.TryParsePeriod("2026-10", out var q4));
        Assert.Equal(new DateOnly(2026, 12, 31), q4.End);
        var months = new FinanceOptions();
        Assert.True(months.TryParsePeriod("2028-02", out var leap));
        Assert.Equal((new DateOnly(2028, 2, 29), new DateOnly(2028, 3, 15)), (leap.End, leap.DueOn));
        Assert.NotEmpty(new FinanceOptions { PeriodMonths = 5 }.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(new object())));
    }
}
