using P4Orleans.Contracts;

namespace P4Orleans.Grains.Tests;

// Accepted on Monday 10 March 2025 (title issued 20 February 2025), served on Thursday 20 March 2025,
// executable from Saturday 22 March 2025 00:00 Brussels.
public class ActDateTests
{
    private static async Task<ActDateConflictException> Refused(Func<Task> act) => await Assert.ThrowsAsync<ActDateConflictException>(act);

    [Theory]
    [InlineData("2025-03-21", "after-today")]       // served "tomorrow"
    [InlineData("2026-01-01", "after-today")]
    [InlineData("2025-02-19", "before-issue")]      // before the title existed
    [InlineData("0001-01-01", "before-issue")]
    [InlineData("2025-03-09", "before-acceptance")] // before the office took the dossier
    public async Task a_service_dated_after_today_or_before_the_title_or_the_acceptance_is_refused_and_changes_nothing(string date, string reason)
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 3, 20, 15, 0, 0, TimeSpan.Zero));
        var before = d.Grain.StateJson;

        var refused = await Refused(() => d.Do(g => g.ReportServiceAsync("office-1", new ServiceReport(DateOnly.Parse(date), ServiceMode.InPerson, null))));

        Assert.Equal(reason, refused.Reason);
        Assert.Equal("date", refused.Field);
        Assert.Equal(before, d.Grain.StateJson);
        Assert.Null(d.State.Service);
    }

    [Fact]
    public async Task today_is_the_brussels_date_of_the_injected_clock()
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        var served = new ServiceReport(new DateOnly(2025, 3, 21), ServiceMode.InPerson, null);

        // 22:59 UTC on 20 March is 23:59 in Brussels: 21 March is still tomorrow.
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 3, 20, 22, 59, 0, TimeSpan.Zero));
        Assert.Equal("after-today", (await Refused(() => d.Do(g => g.ReportServiceAsync("office-1", served)))).Reason);

        // 23:00 UTC is midnight in Brussels: 21 March has begun, although it is still 20 March in UTC.
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 3, 20, 23, 0, 0, TimeSpan.Zero));
        await d.Do(g => g.ReportServiceAsync("office-1", served));
        Assert.Equal(new DateOnly(2025, 3, 21), d.State.Service!.Date);
    }

    [Theory]
    [InlineData("2025-03-19")] // before the service
    [InlineData("2025-03-20")] // the service day
    [InlineData("2025-03-21")] // the day after: the 24-hour command is still running
    public async Task an_executory_seizure_dated_before_the_contrainte_became_executable_is_refused(string date)
    {
        var d = TestData.NewDossier();
        await d.Executable();
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 3, 25, 10, 0, 0, TimeSpan.Zero));

        var refused = await Refused(() => d.Do(g => g.ReportSeizureAsync("office-1", Seizure(SeizureNature.Executory, date))));

        Assert.Equal("before-executable", refused.Reason);
        Assert.Empty(d.State.Seizures);
        Assert.Equal(DossierStatus.Executable, d.State.Status);
    }

    [Theory]
    [InlineData("2025-03-22")] // the first executable day
    [InlineData("2025-03-25")] // today
    public async Task an_executory_seizure_from_the_executable_day_to_today_is_accepted(string date)
    {
        var d = TestData.NewDossier();
        await d.Executable();
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 3, 25, 10, 0, 0, TimeSpan.Zero));
        await d.Do(g => g.ReportSeizureAsync("office-1", Seizure(SeizureNature.Executory, date)));
        Assert.Equal(DossierStatus.Seizure, d.State.Status);
    }

    [Fact]
    public async Task an_executory_seizure_dated_after_today_is_refused()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 3, 25, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal("after-today", (await Refused(() => d.Do(g => g.ReportSeizureAsync("office-1", Seizure(SeizureNature.Executory, "2025-03-26"))))).Reason);
    }

    [Theory]
    [InlineData("2025-03-12", null)]                // conservatory before service: allowed (art. 40)
    [InlineData("2025-03-09", "before-acceptance")]
    [InlineData("2025-02-01", "before-issue")]
    public async Task a_conservatory_seizure_may_precede_the_service_but_not_the_acceptance(string date, string? reason)
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.Zero));
        var seize = () => d.Do(g => g.ReportSeizureAsync("office-1", Seizure(SeizureNature.Conservatory, date)));
        if (reason is null)
        {
            await seize();
            Assert.Single(d.State.Seizures);
        }
        else
        {
            Assert.Equal(reason, (await Refused(seize)).Reason);
            Assert.Empty(d.State.Seizures);
        }
    }

    [Theory]
    [InlineData("2025-04-01", "during-opposition")] // the filing day
    [InlineData("2025-05-15", "during-opposition")]
    [InlineData("2025-06-09", "during-opposition")] // the day before the judgment
    public async Task after_the_judgment_an_executory_seizure_dated_while_the_opposition_was_pending_is_refused(string date, string reason)
    {
        var d = await UpheldAfterOpposition();
        Assert.Equal(reason, (await Refused(() => d.Do(g => g.ReportSeizureAsync("office-1", Seizure(SeizureNature.Executory, date))))).Reason);
    }

    [Theory]
    [InlineData("2025-03-31")] // before the opposition
    [InlineData("2025-06-10")] // the judgment day
    public async Task after_the_judgment_an_executory_seizure_outside_the_opposition_is_accepted(string date)
    {
        var d = await UpheldAfterOpposition();
        await d.Do(g => g.ReportSeizureAsync("office-1", Seizure(SeizureNature.Executory, date)));
        Assert.Equal(DossierStatus.Seizure, d.State.Status);
    }

    [Fact]
    public async Task an_executory_seizure_dated_while_payment_terms_ran_is_refused()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 3, 25, 10, 0, 0, TimeSpan.Zero));
        await d.Do(g => g.GrantPaymentPlanAsync(new PaymentPlanTerms(new DateOnly(2025, 3, 25), 6, 60_000, new DateOnly(2025, 4, 1))));
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 4, 10, 10, 0, 0, TimeSpan.Zero));
        await d.Do(g => g.EndPaymentPlanAsync(PaymentPlanEnd.Defaulted, new DateOnly(2025, 4, 8)));

        Assert.Equal("during-payment-plan", (await Refused(() => d.Do(g => g.ReportSeizureAsync("office-1", Seizure(SeizureNature.Executory, "2025-04-01"))))).Reason);
        await d.Do(g => g.ReportSeizureAsync("office-1", Seizure(SeizureNature.Executory, "2025-04-08")));
        Assert.Equal(DossierStatus.Seizure, d.State.Status);
    }

    [Theory]
    [InlineData("2025-03-19", "before-service")]
    [InlineData("2025-03-26", "after-today")]
    public async Task an_opposition_is_dated_from_the_service_to_today(string date, string reason)
    {
        var d = TestData.NewDossier();
        await d.Executable();
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 3, 25, 10, 0, 0, TimeSpan.Zero));
        var refused = await Refused(() => d.Do(g => g.ReportOppositionAsync(null, new OppositionReport(OppositionKind.Summons, DateOnly.Parse(date), "Tribunal du travail de Liège"))));
        Assert.Equal(reason, refused.Reason);
        Assert.Equal("filedOn", refused.Field);
        Assert.Null(d.State.Opposition);
    }

    [Theory]
    [InlineData("2025-03-31", "before-opposition")]
    [InlineData("2025-06-11", "after-today")]
    public async Task a_judgment_is_dated_from_the_opposition_to_today(string date, string reason)
    {
        var d = await Opposed();
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 6, 10, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(reason, (await Refused(() => d.Do(g => g.RecordJudgmentAsync(new JudgmentReport(JudgmentOutcome.Upheld, DateOnly.Parse(date)))))).Reason);
        Assert.Null(d.State.Opposition!.Outcome);
    }

    [Theory]
    [InlineData(PaymentSource.Onss, "2025-02-19", "before-issue")]
    [InlineData(PaymentSource.Onss, "2025-03-11", "after-today")]
    [InlineData(PaymentSource.Bailiff, "2025-03-09", "before-acceptance")]
    public async Task a_payment_is_dated_from_the_title_and_for_a_bailiff_from_the_acceptance_to_today(PaymentSource source, string date, string reason)
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        var office = source == PaymentSource.Bailiff ? "office-1" : null;
        Assert.Equal(reason, (await Refused(() => d.Do(g => g.RecordPaymentAsync(office, new PaymentReport(10_000, DateOnly.Parse(date), source, "P-1"))))).Reason);
        Assert.Equal(0, d.State.Ledger.PaidCents);
    }

    [Fact]
    public async Task an_onss_payment_received_before_the_acceptance_is_recorded()
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        await d.Do(g => g.RecordPaymentAsync(null, new PaymentReport(10_000, new DateOnly(2025, 3, 1), PaymentSource.Onss, "P-1")));
        Assert.Equal(10_000, d.State.Ledger.PaidCents);
    }

    [Theory]
    [InlineData("2025-02-19", "before-issue")]
    [InlineData("2025-03-11", "after-today")]
    public async Task payment_terms_are_granted_from_the_title_to_today(string date, string reason)
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        var granted = DateOnly.Parse(date);
        Assert.Equal(reason, (await Refused(() => d.Do(g => g.GrantPaymentPlanAsync(new PaymentPlanTerms(granted, 3, 10_000, granted.AddDays(10)))))).Reason);
        Assert.Null(d.State.PaymentPlan);
    }

    [Fact]
    public async Task payment_terms_cannot_end_before_they_were_granted()
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        await d.Do(g => g.GrantPaymentPlanAsync(new PaymentPlanTerms(new DateOnly(2025, 3, 10), 3, 10_000, new DateOnly(2025, 4, 1))));
        Assert.Equal("before-payment-plan", (await Refused(() => d.Do(g => g.EndPaymentPlanAsync(PaymentPlanEnd.Revoked, new DateOnly(2025, 3, 9))))).Reason);
        Assert.True(d.State.PaymentPlan!.Active);
    }

    private static SeizureReport Seizure(SeizureNature nature, string date) =>
        new(SeizureKind.MovableGoods, nature, DateOnly.Parse(date), [new SeizableAsset(TestData.AssetText, 500_000)], "S-act");

    private static async Task<DossierHarness> Opposed()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 4, 1, 10, 0, 0, TimeSpan.Zero));
        await d.Do(g => g.ReportOppositionAsync("office-1", new OppositionReport(OppositionKind.AdversarialPetition, new DateOnly(2025, 4, 1), "Tribunal du travail de Liège")));
        return d;
    }

    private static async Task<DossierHarness> UpheldAfterOpposition()
    {
        var d = await Opposed();
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 6, 12, 10, 0, 0, TimeSpan.Zero));
        await d.Do(g => g.RecordJudgmentAsync(new JudgmentReport(JudgmentOutcome.Upheld, new DateOnly(2025, 6, 10))));
        Assert.Equal(DossierStatus.Executable, d.State.Status);
        return d;
    }
}
