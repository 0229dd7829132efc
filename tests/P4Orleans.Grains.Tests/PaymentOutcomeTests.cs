using P4Orleans.Contracts;
using P4Orleans.Law;

namespace P4Orleans.Grains.Tests;

// The title charges 350,000 cents (contributions 300,000 + interest 50,000); no bailiff cost before service.
public class PaymentOutcomeTests
{
    private static PaymentReport Onss(long cents, string reference = "P-1") => new(cents, new DateOnly(2025, 3, 10), PaymentSource.Onss, reference);

    [Theory]
    [InlineData(350_001, 1)]
    [InlineData(400_000, 50_000)]
    [InlineData(Money.MaxAmountCents, Money.MaxAmountCents - 350_000)] // exactly at the ceiling
    public async Task a_payment_above_the_balance_is_recorded_the_dossier_is_paid_and_the_refund_due_is_escalated(long paid, long over)
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        await d.Do(g => g.RecordPaymentAsync(null, Onss(paid)));

        Assert.Equal(DossierStatus.Paid, d.State.Status);
        Assert.Equal(0, d.State.Ledger.BalanceCents);
        Assert.Equal(over, d.State.Ledger.OverpaymentCents);
        Assert.Equal(paid, d.State.Ledger.PaidCents);
        var escalation = Assert.Single(d.State.Escalations);
        Assert.Equal(EscalationKind.OverpaymentRefundDue, escalation.Kind);
        Assert.Contains($"{over} cents", escalation.Detail, StringComparison.Ordinal);
        Assert.Equal(over, (await d.View()).Amounts.OverpaymentCents);
    }

    [Theory]
    [InlineData(349_999)]
    [InlineData(350_000)]
    public async Task a_payment_up_to_the_balance_raises_no_refund(long paid)
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        await d.Do(g => g.RecordPaymentAsync(null, Onss(paid)));
        Assert.Equal(0, d.State.Ledger.OverpaymentCents);
        Assert.Empty(d.State.Escalations);
    }

    [Theory]
    [InlineData(Money.MaxAmountCents + 1)]
    [InlineData(long.MaxValue)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    public async Task a_payment_outside_one_cent_to_the_ceiling_is_refused_and_records_nothing(long cents)
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        var refused = await Assert.ThrowsAsync<DossierValidationException>(() => d.Do(g => g.RecordPaymentAsync(null, Onss(cents))));
        Assert.Equal("amountCents", Assert.Single(refused.Errors).Field);
        Assert.Equal(0, d.State.Ledger.PaidCents);
        Assert.Equal(DossierStatus.Accepted, d.State.Status);
    }

    [Fact]
    public async Task two_payments_at_the_ceiling_add_up_without_overflow()
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        await d.Do(g => g.RecordPaymentAsync(null, Onss(349_000)));
        await d.Do(g => g.RecordPaymentAsync(null, Onss(Money.MaxAmountCents, "P-2")));
        Assert.Equal(349_000 + Money.MaxAmountCents, d.State.Ledger.PaidCents);
        Assert.Equal(Money.MaxAmountCents - 1_000, d.State.Ledger.OverpaymentCents);
    }

    [Fact]
    public async Task a_payment_arriving_once_the_dossier_is_paid_is_refused_as_not_allowed_now()
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        await d.Do(g => g.RecordPaymentAsync(null, Onss(350_000)));
        await Assert.ThrowsAsync<IllegalTransitionException>(() => d.Do(g => g.RecordPaymentAsync(null, Onss(10_000, "P-2"))));
        Assert.Equal(350_000, d.State.Ledger.PaidCents);
    }

    [Theory]
    [InlineData(121, 10_000, "instalments")]
    [InlineData(3, Money.MaxAmountCents + 1, "instalmentCents")]
    public async Task payment_terms_beyond_the_limits_are_refused(int instalments, long cents, string field)
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        var refused = await Assert.ThrowsAsync<DossierValidationException>(() =>
            d.Do(g => g.GrantPaymentPlanAsync(new PaymentPlanTerms(new DateOnly(2025, 3, 10), instalments, cents, new DateOnly(2025, 4, 1)))));
        Assert.Equal(field, Assert.Single(refused.Errors).Field);
        Assert.Null(d.State.PaymentPlan);
    }

    [Fact]
    public async Task a_reduction_below_what_was_paid_records_the_refund_due()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 3, 25, 10, 0, 0, TimeSpan.Zero));
        await d.Do(g => g.RecordPaymentAsync(null, new PaymentReport(200_000, new DateOnly(2025, 3, 25), PaymentSource.Onss, "P-1")));
        await d.Do(g => g.ReportOppositionAsync(null, new OppositionReport(OppositionKind.Summons, new DateOnly(2025, 3, 25), "Tribunal du travail de Liège")));
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 6, 10, 10, 0, 0, TimeSpan.Zero));
        await d.Do(g => g.RecordJudgmentAsync(new JudgmentReport(JudgmentOutcome.Reduced, new DateOnly(2025, 6, 10), 100_000)));

        Assert.Equal(DossierStatus.Paid, d.State.Status);
        Assert.True(d.State.Ledger.OverpaymentCents > 0);
        Assert.Equal(EscalationKind.OverpaymentRefundDue, Assert.Single(d.State.Escalations).Kind);
    }

    [Theory]
    [InlineData(Money.MaxAmountCents + 1)]
    [InlineData(long.MaxValue)]
    [InlineData(-1)]
    public async Task a_seized_asset_estimated_outside_zero_to_the_ceiling_is_refused(long estimate)
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        var refused = await Assert.ThrowsAsync<DossierValidationException>(() => d.Do(g => g.ReportSeizureAsync("office-1",
            new SeizureReport(SeizureKind.MovableGoods, SeizureNature.Conservatory, new DateOnly(2025, 3, 10), [new SeizableAsset("Car", estimate)]))));
        Assert.Equal("assets", Assert.Single(refused.Errors).Field);
        Assert.Empty(d.State.Seizures);
    }

    [Fact]
    public async Task a_seized_asset_estimated_at_the_ceiling_is_accepted()
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        await d.Do(g => g.ReportSeizureAsync("office-1",
            new SeizureReport(SeizureKind.MovableGoods, SeizureNature.Conservatory, new DateOnly(2025, 3, 10), [new SeizableAsset("Car", Money.MaxAmountCents)])));
        Assert.Single(d.State.Seizures);
    }
}
