using P4Orleans.Contracts;
using P4Orleans.Law;

namespace P4Orleans.Grains.Tests;

public class OppositionTests
{
    private static async Task<DossierHarness> OpposedAfterSeizure()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 3, 25, 10, 0, 0, TimeSpan.Zero));
        await d.Seize(SeizureNature.Executory);
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 4, 1, 10, 0, 0, TimeSpan.Zero));
        await d.Do(g => g.ReportOppositionAsync("office-1",
            new OppositionReport(OppositionKind.AdversarialPetition, new DateOnly(2025, 4, 1), "Tribunal du travail de Liège")));
        return d;
    }

    [Fact]
    public async Task an_opposition_suspends_execution_and_prescription_and_makes_seizures_conservatory()
    {
        var d = await OpposedAfterSeizure();

        Assert.Equal(DossierStatus.Opposed, d.State.Status);
        var seizure = Assert.Single(d.State.Seizures);
        Assert.Equal(SeizureNature.Conservatory, seizure.Nature);
        Assert.Equal(SeizureNature.Executory, seizure.ReportedNature);
        Assert.DoesNotContain(DossierReminders.Prescription, d.Grain.Reminders.Keys);
        Assert.DoesNotContain(DossierReminders.PrescriptionWarning, d.Grain.Reminders.Keys);
        await Assert.ThrowsAsync<DossierValidationException>(() => d.Seize(SeizureNature.Executory));
    }

    [Fact]
    public async Task an_upheld_contrainte_resumes_execution_with_the_prescription_lengthened_by_the_suspension()
    {
        var d = await OpposedAfterSeizure();
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 6, 10, 10, 0, 0, TimeSpan.Zero));
        await d.Do(g => g.RecordJudgmentAsync(new JudgmentReport(JudgmentOutcome.Upheld, new DateOnly(2025, 6, 10))));

        Assert.Equal(DossierStatus.Seizure, d.State.Status);
        Assert.Equal(SeizureNature.Executory, Assert.Single(d.State.Seizures).Nature);

        // Interrupted by the seizure of 25 March 2025 (to 25 March 2028), suspended 1 April to 10 June 2025 (71 days).
        Assert.Equal(new DateOnly(2028, 3, 25).AddDays(71), d.State.KeyDates[DossierReminders.Prescription].Date);
        Assert.Contains(DossierReminders.Prescription, d.Grain.Reminders.Keys);
    }

    [Fact]
    public async Task a_reduced_contrainte_lowers_the_principal_and_resumes()
    {
        var d = await OpposedAfterSeizure();
        var costs = d.State.Ledger.OutstandingOf(DebtComponent.BailiffCosts);
        await d.Do(g => g.RecordJudgmentAsync(new JudgmentReport(JudgmentOutcome.Reduced, new DateOnly(2025, 4, 1), 200_000)));

        Assert.Equal(150_000, d.State.Ledger.OutstandingOf(DebtComponent.Contributions));
        Assert.Equal(50_000, d.State.Ledger.OutstandingOf(DebtComponent.LateInterest));
        Assert.Equal(costs, d.State.Ledger.OutstandingOf(DebtComponent.BailiffCosts));
        Assert.Equal(DossierStatus.Seizure, d.State.Status);
        Assert.Contains(d.Grain.Journal, j => j.Kind == JournalKinds.LedgerAdjusted && j.Json.Contains("\"toCents\":200000"));
    }

    [Fact]
    public async Task a_reduction_below_what_was_already_paid_leaves_the_dossier_paid_with_the_overpayment_reported()
    {
        var d = await OpposedAfterSeizure();
        await d.Do(g => g.RecordPaymentAsync(null, new PaymentReport(200_000, new DateOnly(2025, 4, 1), PaymentSource.Onss, "P-1")));
        await d.Do(g => g.RecordJudgmentAsync(new JudgmentReport(JudgmentOutcome.Reduced, new DateOnly(2025, 4, 1), 100_000)));

        Assert.Equal(DossierStatus.Paid, d.State.Status);
        Assert.Equal(200_000 - 100_000 - 21_175 * 2 - 6_050, d.State.Ledger.OverpaymentCents);
    }

    [Fact]
    public async Task a_reduction_needs_an_amount_below_the_title()
    {
        var d = await OpposedAfterSeizure();
        await Assert.ThrowsAsync<DossierValidationException>(() =>
            d.Do(g => g.RecordJudgmentAsync(new JudgmentReport(JudgmentOutcome.Reduced, new DateOnly(2025, 4, 1), 350_000))));
        await Assert.ThrowsAsync<DossierValidationException>(() =>
            d.Do(g => g.RecordJudgmentAsync(new JudgmentReport(JudgmentOutcome.Upheld, new DateOnly(2025, 4, 1), 1))));
    }

    [Fact]
    public async Task an_annulled_contrainte_closes_the_dossier()
    {
        var d = await OpposedAfterSeizure();
        await d.Do(g => g.RecordJudgmentAsync(new JudgmentReport(JudgmentOutcome.Annulled, new DateOnly(2025, 4, 1))));

        Assert.Equal(DossierStatus.Closed, d.State.Status);
        Assert.Equal(JudgmentOutcome.Annulled, d.State.Opposition!.Outcome);
        Assert.Single(d.Grain.JournalOf(JournalKinds.OfficeReleased));
    }

    [Fact]
    public async Task an_opposition_before_the_command_expires_resumes_as_served_with_the_executable_reminder_set_again()
    {
        var d = TestData.NewDossier();
        await d.Served();
        await d.Do(g => g.ReportOppositionAsync(null, new OppositionReport(OppositionKind.Summons, new DateOnly(2025, 3, 20), "Tribunal du travail de Liège")));
        Assert.DoesNotContain(DossierReminders.Executable, d.Grain.Reminders.Keys);

        await d.Do(g => g.RecordJudgmentAsync(new JudgmentReport(JudgmentOutcome.Upheld, new DateOnly(2025, 3, 20))));
        Assert.Equal(DossierStatus.Served, d.State.Status);
        Assert.Contains(DossierReminders.Executable, d.Grain.Reminders.Keys);
    }
}
