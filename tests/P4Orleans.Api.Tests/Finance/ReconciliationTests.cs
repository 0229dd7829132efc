using System.Net;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Finance;
using static P4Orleans.Api.Tests.Dossiers.Scenario;
using static P4Orleans.Api.Tests.Finance.FinanceScenario;

namespace P4Orleans.Api.Tests.Finance;

public sealed class ReconciliationTests : IAsyncLifetime
{
    private static readonly DateOnly March3 = new(2026, 3, 3);
    private static readonly DateOnly April10 = new(2026, 4, 10);

    private readonly Scenario _s = Create();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    /// <summary>
    /// Three offices, one dossier each, served on 3 March (1976 tariff, band E: 109.49) and paid 200.00 to the bailiff the
    /// same day: each statement for March says 90.51 due to ONSS by 15 April.
    /// </summary>
    private async Task<IReadOnlyList<string>> OfficesWithDueAsync(HttpClient onss, HttpClient operators)
    {
        foreach (var office in new[] { "rec-1", "rec-2", "rec-3" })
        {
            await _s.RegisterOfficeAsync(operators, office);
        }

        var offices = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (id, office, bailiff) = await AcceptedAsync(_s, onss, operators, $"ONSS-REC-{i}", 610 + i);
            await ServeAsync(_s, bailiff, id, March3);
            await PayAsync(_s, bailiff, "bailiff", id, 20_000, March3, PaymentSource.Bailiff, $"REC-PAY-{i}");
            offices.Add(office);
        }

        Assert.Equal(3, offices.Distinct().Count());
        return offices;
    }

    private static async Task<Reconciliation> ReceiveAsync(HttpClient operators, string office, long cents, DateOnly on, string reference,
        HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await PostAsync(operators, $"/operators/remittances/{office}/2026-03/receipts", new { amountCents = cents, receivedOn = on, reference }, status);
        return status == HttpStatusCode.OK ? await ReadAsync<Reconciliation>(response) : null!;
    }

    [Fact]
    public async Task remittances_received_are_compared_with_the_statement_and_short_over_and_late_ones_are_flagged()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        var (exact, shortOne, overOne) = (await OfficesWithDueAsync(onss, operators)) switch { var o => (o[0], o[1], o[2]) };

        // Not before the period is closed.
        await ReceiveAsync(operators, exact, 9_051, March3, "EARLY", HttpStatusCode.Conflict);

        MoveTo(_s, new DateOnly(2026, 4, 12));
        var onTime = await ReceiveAsync(operators, exact, 9_051, April10, "BANK-1");
        Assert.Equal((9_051L, 9_051L, 0L, new DateOnly(2026, 4, 15)), (onTime.DueCents, onTime.ReceivedCents, onTime.DifferenceCents, onTime.DueOn));
        Assert.Equal(April10, onTime.SettledOn);
        Assert.Empty(onTime.Flags);

        var partial = await ReceiveAsync(operators, shortOne, 5_000, April10, "BANK-2");
        Assert.Equal([ReconciliationFlags.Short], partial.Flags);
        Assert.Equal(-4_051, partial.DifferenceCents);
        Assert.Null(partial.SettledOn);

        // Received after the due date, and more than due.
        MoveTo(_s, new DateOnly(2026, 4, 20));
        var over = await ReceiveAsync(operators, overOne, 10_000, new DateOnly(2026, 4, 16), "BANK-3");
        Assert.Equal([ReconciliationFlags.Over, ReconciliationFlags.Late], over.Flags);
        Assert.Equal(949, over.DifferenceCents);

        // Still short once the due date has passed: late too. The list shows the two with differences only.
        var flagged = await ReadAsync<List<Reconciliation>>(await operators.GetAsync("/operators/remittances?period=2026-03&flagged=true", Ct));
        Assert.Equal(new[] { overOne, shortOne }.Order(StringComparer.Ordinal), flagged.Select(f => f.OfficeId).Order(StringComparer.Ordinal));
        Assert.Equal([ReconciliationFlags.Short, ReconciliationFlags.Late], flagged.Single(f => f.OfficeId == shortOne).Flags);
        var all = await ReadAsync<List<Reconciliation>>(await operators.GetAsync("/operators/remittances?period=2026-03", Ct));
        Assert.Equal(3, all.Count);
        Assert.Empty(all.Single(f => f.OfficeId == exact).Flags);

        // The rest arrives late: no longer short, still late (settled on 18 April).
        var settled = await ReceiveAsync(operators, shortOne, 4_051, new DateOnly(2026, 4, 18), "BANK-4");
        Assert.Equal([ReconciliationFlags.Late], settled.Flags);
        Assert.Equal(new DateOnly(2026, 4, 18), settled.SettledOn);
        Assert.Equal(4, await ScalarAsync(_s, "SELECT count(*) FROM audit_log WHERE action = 'finance.remittance-recorded' AND outcome = 'ok:200'"));
    }

    [Fact]
    public async Task a_receipt_recorded_twice_counts_once_and_a_reference_reused_for_another_amount_is_a_conflict()
    {
        var onss = await _s.OnssAsync();
        var operators = await _s.OperatorAsync();
        var office = (await OfficesWithDueAsync(onss, operators))[0];
        MoveTo(_s, new DateOnly(2026, 4, 12));
        await ReceiveAsync(operators, office, 9_051, April10, "BANK-1");
        var again = await ReceiveAsync(operators, office, 9_051, April10, "BANK-1");
        Assert.Single(again.Receipts);
        Assert.Empty(again.Flags);
        await ReceiveAsync(operators, office, 100, April10, "BANK-1", HttpStatusCode.Conflict);
        Assert.Equal(1, await ScalarAsync(_s, "SELECT count(*) FROM remittance_receipts"));
    }

    [Theory]
    [InlineData(0, "2026-04-10", "BANK-X", "amountCents")]
    [InlineData(-5, "2026-04-10", "BANK-X", "amountCents")]
    [InlineData(100_000_000_001, "2026-04-10", "BANK-X", "amountCents")]
    [InlineData(100, "2026-03-31", "BANK-X", "receivedOn")]
    [InlineData(100, "2026-04-13", "BANK-X", "receivedOn")]
    [InlineData(100, "2026-04-10", "  ", "reference")]
    public async Task a_bad_receipt_is_a_400_problem_naming_its_field_and_records_nothing(long cents, string on, string reference, string field)
    {
        var operators = await _s.OperatorAsync();
        const string office = "rec-1";
        await _s.RegisterOfficeAsync(operators, office);
        MoveTo(_s, new DateOnly(2026, 4, 12));
        var response = await operators.PostAsync($"/operators/remittances/{office}/2026-03/receipts",
            System.Net.Http.Json.JsonContent.Create(new { amountCents = cents, receivedOn = on, reference }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(0, await ScalarAsync(_s, "SELECT count(*) FROM remittance_receipts"));
    }
}
