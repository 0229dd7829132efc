using System.Text.Json;

namespace P4Orleans.Law.Tests;

public sealed class LedgerTests
{
    private static readonly DateOnly Day = new(2025, 3, 1);

    private static Ledger Dossier() => Ledger.Empty
        .Charge(DebtComponent.Contributions, 1_000_000, Day)
        .Charge(DebtComponent.ContributionSurcharges, 100_000, Day)
        .Charge(DebtComponent.LateInterest, 50_000, Day)
        .Charge(DebtComponent.BailiffCosts, 20_000, Day);

    public static TheoryData<long[], long, long, long, long, long> PartialPayments() => new()
    {
        // payments,                 costs,  interest, surcharges, contributions, overpayment
        { [15_000],                  5_000,  50_000,   100_000,    1_000_000,     0 },
        { [15_000, 60_000],          0,      0,        95_000,     1_000_000,     0 },
        { [15_000, 60_000, 100_000], 0,      0,        0,          995_000,       0 },
        { [1_170_000],               0,      0,        0,          0,             0 },
        { [1_000_000, 1_000_000],    0,      0,        0,          0,             830_000 },
    };

    [Theory]
    [MemberData(nameof(PartialPayments))]
    public void payments_pay_costs_then_interest_then_surcharges_then_principal(
        long[] payments, long costs, long interest, long surcharges, long contributions, long overpayment)
    {
        var engine = new LawEngine();
        var ledger = Dossier();
        foreach (var payment in payments)
        {
            ledger = engine.ApplyPayment(ledger, payment, Day.AddDays(10));
        }

        Assert.Equal(costs, ledger.OutstandingOf(DebtComponent.BailiffCosts));
        Assert.Equal(interest, ledger.OutstandingOf(DebtComponent.LateInterest));
        Assert.Equal(surcharges, ledger.OutstandingOf(DebtComponent.ContributionSurcharges));
        Assert.Equal(contributions, ledger.OutstandingOf(DebtComponent.Contributions));
        Assert.Equal(overpayment, ledger.OverpaymentCents);
        Assert.Equal(costs + interest + surcharges + contributions, ledger.BalanceCents);
        Assert.Equal(ledger.ChargedCents + ledger.OverpaymentCents, ledger.PaidCents + ledger.BalanceCents);
    }

    [Fact]
    public void a_payment_records_its_imputation_and_the_rule_version()
    {
        var ledger = Dossier().ApplyPayment(75_000, Day);
        var payment = ledger.Entries[^1];
        Assert.Equal("imputation-costs-interest-surcharges-principal", payment.RuleVersionId);
        Assert.Equal(
            [new Allocation(DebtComponent.BailiffCosts, 20_000), new Allocation(DebtComponent.LateInterest, 50_000), new Allocation(DebtComponent.ContributionSurcharges, 5_000)],
            payment.Allocations);
    }

    [Fact]
    public void flat_rate_indemnities_and_their_surcharges_come_before_principal_and_30bis_30ter_after_contributions()
    {
        var ledger = Ledger.Empty
            .Charge(DebtComponent.Art30ter, 1_000, Day)
            .Charge(DebtComponent.Art30bis, 1_000, Day)
            .Charge(DebtComponent.Contributions, 1_000, Day)
            .Charge(DebtComponent.IndemnitySurcharges, 1_000, Day)
            .Charge(DebtComponent.FlatRateIndemnities, 1_000, Day)
            .ApplyPayment(3_500, Day);
        Assert.Equal(
            [DebtComponent.FlatRateIndemnities, DebtComponent.IndemnitySurcharges, DebtComponent.Contributions, DebtComponent.Art30bis],
            ledger.Entries[^1].Allocations!.Select(a => a.Component));
        Assert.Equal(500, ledger.OutstandingOf(DebtComponent.Art30bis));
        Assert.Equal(1_000, ledger.OutstandingOf(DebtComponent.Art30ter));
    }

    [Fact]
    public void the_ledger_survives_a_json_round_trip_with_stable_names()
    {
        var ledger = Dossier().ApplyPayment(1_200_000, Day, "ONSS-42");
        var json = JsonSerializer.Serialize(ledger);
        Assert.Contains("\"entries\"", json, StringComparison.Ordinal);
        Assert.Contains("\"amountCents\"", json, StringComparison.Ordinal);
        Assert.Contains("\"overpaymentCents\":30000", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize<Ledger>(json)!;
        Assert.Equal(ledger.OverpaymentCents, back.OverpaymentCents);
        Assert.Equal(ledger.BalanceCents, back.BalanceCents);
        Assert.Equal(ledger.Entries.Count, back.Entries.Count);
        Assert.Equal("ONSS-42", back.Entries[^1].Reference);
    }

    [Fact]
    public void a_stored_ledger_that_breaks_an_invariant_is_refused()
    {
        const string json = """
            {"entries":[
              {"kind":"Charge","date":"2025-03-01","amountCents":100,"component":"Contributions"},
              {"kind":"Payment","date":"2025-03-02","amountCents":500,"allocations":[{"component":"Contributions","amountCents":500}]}
            ]}
            """;
        Assert.Throws<InvalidOperationException>(() => JsonSerializer.Deserialize<Ledger>(json));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    public void amounts_must_be_positive(long cents)
    {
        Assert.Throws<InvalidOperationException>(() => Ledger.Empty.Charge(DebtComponent.Contributions, cents, Day));
        Assert.Throws<InvalidOperationException>(() => Dossier().ApplyPayment(cents, Day));
    }

    [Fact]
    public void a_payment_on_an_empty_ledger_is_entirely_an_overpayment()
    {
        var ledger = Ledger.Empty.ApplyPayment(12_345, Day);
        Assert.Equal(12_345, ledger.OverpaymentCents);
        Assert.Equal(0, ledger.BalanceCents);
        Assert.Empty(ledger.Entries[^1].Allocations!);
    }

    [Fact]
    public void outstanding_lists_every_component_in_its_declared_order_and_an_unknown_component_is_refused()
    {
        var ledger = new LawEngine().ApplyPayment(Dossier(), 30_000, Day.AddDays(1));

        Assert.Equal(Enum.GetValues<DebtComponent>(), ledger.Outstanding.Keys);
        Assert.Equal(Enum.GetValues<DebtComponent>().Select(ledger.OutstandingOf), ledger.Outstanding.Values);
        Assert.Equal([1_000_000L, 100_000, 40_000, 0, 0, 0, 0, 0], ledger.Outstanding.Values);
        Assert.Equal(ledger.Outstanding.Values.Sum(), ledger.BalanceCents);
        Assert.Throws<KeyNotFoundException>(() => ledger.OutstandingOf((DebtComponent)8));
        Assert.Throws<KeyNotFoundException>(() => ledger.OutstandingOf((DebtComponent)(-1)));
        // An entry naming a component outside the enum is refused when the ledger is rebuilt from its entries.
        Assert.ThrowsAny<Exception>(() => new Ledger([new LedgerEntry(LedgerEntryKind.Charge, Day, 1, (DebtComponent)8)]));
    }

    [Fact]
    public void a_stored_ledger_keeps_its_totals_alone_and_numbers_its_next_entries_after_the_stored_ones()
    {
        var engine = new LawEngine();
        var full = engine.ApplyPayment(Dossier(), 30_000, Day.AddDays(1));
        var stored = full.Stored();

        Assert.Empty(stored.Entries);
        Assert.Equal((1L, 5L), (stored.FirstSeq, stored.LastSeq));
        Assert.Equal(full.Outstanding, stored.Outstanding);
        Assert.Equal((full.ChargedCents, full.PaidCents, full.OverpaymentCents), (stored.ChargedCents, stored.PaidCents, stored.OverpaymentCents));
        Assert.Equal(20_000, stored.ChargedOf(DebtComponent.BailiffCosts));

        // Read back from JSON, the totals alone are the same ledger; the next entries are numbered 6, 7.
        var json = JsonSerializer.Serialize(stored);
        Assert.DoesNotContain("\"kind\"", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize<Ledger>(json)!;
        Assert.Equal(full.Outstanding, back.Outstanding);
        var next = engine.ApplyPayment(back.Charge(DebtComponent.BailiffCosts, 1_000, Day.AddDays(2)), 2_000, Day.AddDays(2));
        Assert.Equal((6L, 7L, 2), (next.FirstHeldSeq, next.LastSeq, next.Entries.Count));
        Assert.Equal(full.BalanceCents + 1_000 - 2_000, next.BalanceCents);

        // Held entries are read with their totals and not applied twice.
        var again = JsonSerializer.Deserialize<Ledger>(JsonSerializer.Serialize(next))!;
        Assert.Equal(next.Outstanding, again.Outstanding);
        Assert.Equal(next.PaidCents, again.PaidCents);
        Assert.Equal(2, again.Entries.Count);

        // A rebuild starts after the ledger it replaces.
        var rebuilt = next.Restarted().Charge(DebtComponent.Contributions, 10, Day);
        Assert.Equal((8L, 8L, 10L), (rebuilt.FirstSeq, rebuilt.LastSeq, rebuilt.BalanceCents));
    }

    [Fact]
    public void a_rebuild_still_holds_the_replaced_ledgers_entries_not_stored_yet_as_history_numbered_before_its_own()
    {
        var engine = new LawEngine();
        // A ledger in the earlier form holds all its entries (1..5), none stored yet.
        var old = new Ledger(engine.ApplyPayment(Dossier(), 30_000, Day.AddDays(1)).Entries);
        Assert.Equal((1L, 5L, 5), (old.FirstHeldSeq, old.LastSeq, old.Current.Count));

        var restarted = old.Restarted();
        Assert.Equal((6L, 5L), (restarted.FirstSeq, restarted.LastSeq));
        Assert.Equal(0, restarted.BalanceCents);
        Assert.Equal(JsonSerializer.Serialize(old.Entries), JsonSerializer.Serialize(restarted.Entries));
        Assert.Empty(restarted.Current);

        var rebuilt = engine.ApplyPayment(restarted.Charge(DebtComponent.Contributions, 50_000, Day), 30_000, Day.AddDays(1));
        // Held: the five replaced entries (1..5), then the rebuild's own (6, 7); only these are the ledger.
        Assert.Equal((1L, 6L, 7L, 7, 2), (rebuilt.FirstHeldSeq, rebuilt.FirstCurrentSeq, rebuilt.LastSeq, rebuilt.Entries.Count, rebuilt.Current.Count));
        Assert.Equal([LedgerEntryKind.Charge, LedgerEntryKind.Payment], rebuilt.Current.Select(e => e.Kind));
        Assert.Equal(20_000, rebuilt.BalanceCents);

        // Read back as persisted, the same; once stored, none is held and the next entry is the eighth.
        var back = JsonSerializer.Deserialize<Ledger>(JsonSerializer.Serialize(rebuilt))!;
        Assert.Equal((1L, 6L, 7L, 2), (back.FirstHeldSeq, back.FirstSeq, back.LastSeq, back.Current.Count));
        Assert.Equal(rebuilt.Outstanding, back.Outstanding);
        var stored = back.Stored();
        Assert.Empty(stored.Entries);
        Assert.Equal((6L, 8L), (stored.FirstSeq, stored.Charge(DebtComponent.BailiffCosts, 1, Day).LastSeq));

        // A second rebuild in the same turn still holds everything not stored, the first rebuild's entries too.
        var twice = rebuilt.Restarted();
        Assert.Equal((1L, 8L, 7), (twice.FirstHeldSeq, twice.FirstSeq, twice.Entries.Count));
        Assert.Empty(twice.Current);
    }

    [Theory]
    [InlineData("""{"totals":{"firstSeq":1,"lastSeq":1,"charged":{"Contributions":100},"outstanding":{"Contributions":150},"paidCents":0,"overpaymentCents":0},"entries":[]}""")]
    [InlineData("""{"totals":{"firstSeq":1,"lastSeq":1,"charged":{"Contributions":100},"outstanding":{"Contributions":-5},"paidCents":105,"overpaymentCents":0},"entries":[]}""")]
    [InlineData("""{"totals":{"firstSeq":1,"lastSeq":2,"charged":{"Contributions":100},"outstanding":{"Contributions":40},"paidCents":50,"overpaymentCents":0},"entries":[]}""")]
    [InlineData("""{"totals":{"firstSeq":1,"lastSeq":2,"charged":{"Contributions":100},"outstanding":{"Contributions":40},"paidCents":60,"overpaymentCents":70},"entries":[]}""")]
    [InlineData("""{"totals":{"firstSeq":0,"lastSeq":1,"charged":{"Contributions":100},"outstanding":{"Contributions":100},"paidCents":0,"overpaymentCents":0},"entries":[]}""")]
    [InlineData("""{"totals":{"firstSeq":2,"lastSeq":2,"charged":{"Contributions":100},"outstanding":{"Contributions":100},"paidCents":0,"overpaymentCents":0},"entries":[{"kind":"Charge","date":"2025-03-01","amountCents":50,"component":"Contributions"},{"kind":"Charge","date":"2025-03-01","amountCents":25,"component":"Contributions"},{"kind":"Charge","date":"2025-03-01","amountCents":25,"component":"Contributions"}]}""")]
    public void stored_totals_that_do_not_add_up_are_refused(string json) =>
        Assert.Throws<InvalidOperationException>(() => JsonSerializer.Deserialize<Ledger>(json));

    [Fact]
    public void stored_totals_naming_an_unknown_component_are_refused() =>
        Assert.ThrowsAny<Exception>(() => JsonSerializer.Deserialize<Ledger>(
            """{"totals":{"firstSeq":1,"lastSeq":1,"charged":{"Nothing":100},"outstanding":{},"paidCents":0,"overpaymentCents":0},"entries":[]}"""));
}
