using P4Orleans.Contracts;
using P4Orleans.Law;

namespace P4Orleans.Grains.Tests;

public class ProcedureTests
{
    [Fact]
    public async Task service_sets_the_executable_and_opposition_deadlines_from_the_law_engine()
    {
        var d = TestData.NewDossier();
        await d.Served();

        // Served Thursday 20 March 2025: executable from 00:00 Brussels on the 22nd (CET).
        Assert.Equal(new DateTimeOffset(2025, 3, 21, 23, 0, 0, TimeSpan.Zero), d.Grain.Reminders[DossierReminders.Executable]);

        // One month: 20 April is Easter Sunday, 21 April Easter Monday, so Tuesday 22 April; due at its end (CEST).
        var window = d.State.KeyDates[DossierReminders.OppositionWindowEnd];
        Assert.Equal(new DateOnly(2025, 4, 22), window.Date);
        Assert.Equal(new DateTimeOffset(2025, 4, 22, 22, 0, 0, TimeSpan.Zero), d.Grain.Reminders[DossierReminders.OppositionWindowEnd]);
        Assert.Equal("opposition-one-month-2019", window.RuleId);
        Assert.Contains(d.Grain.Journal, j => j.Kind == JournalKinds.DeadlineSet && j.Json.Contains("opposition-one-month-2019") && j.Json.Contains("french"));
        Assert.DoesNotContain(DossierReminders.ServiceDeadline, d.Grain.Reminders.Keys);
        Assert.Equal(DossierStatus.Served, d.State.Status);
    }

    [Fact]
    public async Task service_costs_are_charged_at_the_dated_tariff_with_the_file_fee()
    {
        var d = TestData.NewDossier();
        await d.Served();

        // Claim 3,500 EUR: class B 175 EUR + 21 % VAT; file fee 50 EUR + VAT (tariff of 18 May 2024).
        Assert.Equal(21_175 + 6_050, d.State.Ledger.OutstandingOf(DebtComponent.BailiffCosts));
        Assert.Contains(d.Grain.Journal, j => j.Kind == JournalKinds.CostCharged && j.Json.Contains("tariff-rd-2024-05-18"));
    }

    [Fact]
    public async Task the_person_met_at_service_is_sealed()
    {
        var d = TestData.NewDossier();
        await d.Served();
        Assert.DoesNotContain(TestData.PersonMet, d.Grain.StateJson);
        Assert.Equal(TestData.PersonMet, (await d.View()).Service!.PersonMet);
    }

    [Fact]
    public async Task the_service_interrupts_the_prescription()
    {
        var d = TestData.NewDossier();
        await d.Served();
        Assert.Equal(new DateOnly(2028, 3, 20), d.State.KeyDates[DossierReminders.Prescription].Date);
    }

    [Fact]
    public async Task the_dossier_becomes_executable_when_the_command_to_pay_expires_and_a_second_firing_changes_nothing()
    {
        var d = TestData.NewDossier();
        await d.Served();
        var due = d.Grain.Reminders[DossierReminders.Executable];
        await d.Grain.FireAsync(DossierReminders.Executable);
        Assert.Equal(DossierStatus.Executable, d.State.Status);

        var timeline = d.State.PendingTimeline.Count;
        await d.Grain.FireAtAsync(DossierReminders.Executable, due);
        Assert.Equal(DossierStatus.Executable, d.State.Status);
        Assert.Equal(timeline, d.State.PendingTimeline.Count);
    }

    [Fact]
    public async Task an_executory_seizure_before_the_command_expires_is_refused_but_a_conservatory_one_is_recorded()
    {
        var d = TestData.NewDossier();
        await d.Served();
        await Assert.ThrowsAsync<DossierValidationException>(() => d.Seize(SeizureNature.Executory));
        await d.Seize(SeizureNature.Conservatory);
        Assert.Equal(DossierStatus.Served, d.State.Status);
        Assert.Equal(SeizureNature.Conservatory, Assert.Single(d.State.Seizures).Nature);
    }

    [Fact]
    public async Task an_executory_seizure_lists_sealed_assets_charges_its_cost_and_interrupts_prescription()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 4, 2, 10, 0, 0, TimeSpan.Zero));
        var costsBefore = d.State.Ledger.OutstandingOf(DebtComponent.BailiffCosts);
        var id = await d.Seize(SeizureNature.Executory);

        Assert.Equal(DossierStatus.Seizure, d.State.Status);
        Assert.Equal(21_175, d.State.Ledger.OutstandingOf(DebtComponent.BailiffCosts) - costsBefore);
        Assert.DoesNotContain(TestData.AssetText, d.Grain.StateJson);
        var seizure = Assert.Single((await d.View()).Seizures);
        Assert.Equal(id, seizure.SeizureId);
        Assert.Equal(TestData.AssetText, Assert.Single(seizure.Assets!).Description);
        Assert.Equal(new DateOnly(2028, 4, 2), d.State.KeyDates[DossierReminders.Prescription].Date);
    }

    [Fact]
    public async Task a_partial_payment_keeps_the_procedure_going_and_is_imputed_on_costs_first()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        await d.Do(g => g.RecordPaymentAsync(null, new PaymentReport(30_000, d.Today, PaymentSource.Onss, "STMT-1")));

        Assert.Equal(DossierStatus.Executable, d.State.Status);
        Assert.Equal(0, d.State.Ledger.OutstandingOf(DebtComponent.BailiffCosts));
        Assert.Equal(350_000 + 27_225 - 30_000, d.State.Ledger.BalanceCents);
        Assert.Contains($"\"balanceCents\":{d.State.Ledger.BalanceCents}", System.Text.Json.JsonSerializer.Serialize(d.State, Fakes.HostJson.Options), StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_same_payment_reported_twice_is_recorded_once()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        var payment = new PaymentReport(10_000, d.Today, PaymentSource.Bailiff, "R-7");
        await d.Do(g => g.RecordPaymentAsync("office-1", payment));
        await d.Do(g => g.RecordPaymentAsync("office-1", payment));
        Assert.Equal(10_000, d.State.Ledger.PaidCents);
    }

    [Fact]
    public async Task a_bailiff_collection_needs_the_assigned_office()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        await Assert.ThrowsAsync<NotAssignedOfficeException>(() =>
            d.Do(g => g.RecordPaymentAsync("office-2", new PaymentReport(10_000, d.Today, PaymentSource.Bailiff, "R-8"))));
    }

    [Fact]
    public async Task full_payment_makes_the_dossier_paid_clears_its_deadlines_and_releases_the_office()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        await d.Do(g => g.RecordPaymentAsync(null, new PaymentReport(d.State.Ledger.BalanceCents, d.Today, PaymentSource.Onss, "STMT-2")));

        Assert.Equal(DossierStatus.Paid, d.State.Status);
        Assert.Equal(0, d.State.Ledger.BalanceCents);
        Assert.DoesNotContain(DossierReminders.Prescription, d.Grain.Reminders.Keys);
        Assert.DoesNotContain(DossierReminders.OppositionWindowEnd, d.Grain.Reminders.Keys);
        Assert.Equal("Paid", Assert.Single(d.Grain.JournalOf(JournalKinds.OfficeReleased)).GetProperty("reason").GetString());

        // The office's intervention is still open: no retention yet.
        Assert.DoesNotContain(DossierReminders.RetentionExpiry, d.Grain.Reminders.Keys);
        Assert.Equal([DossierCommand.CloseIntervention, DossierCommand.AttachDocument], (await d.View()).AllowedCommands);
    }

    [Fact]
    public async Task a_payment_plan_pauses_execution_and_its_end_resumes_it()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        await d.Do(g => g.GrantPaymentPlanAsync(new PaymentPlanTerms(d.Today, 6, 60_000, d.Today.AddDays(10))));
        Assert.Equal(DossierStatus.PaymentPlan, d.State.Status);
        await Assert.ThrowsAsync<IllegalTransitionException>(() => d.Seize(SeizureNature.Executory));

        await d.Do(g => g.EndPaymentPlanAsync(PaymentPlanEnd.Defaulted, d.Today));
        Assert.Equal(DossierStatus.Executable, d.State.Status);
        Assert.False(d.State.PaymentPlan!.Active);
    }

    [Fact]
    public async Task the_opposition_window_closing_without_opposition_is_recorded()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        await d.Grain.FireAsync(DossierReminders.OppositionWindowEnd);
        Assert.True(d.State.OppositionWindowClosed);
        Assert.True(d.State.KeyDates[DossierReminders.OppositionWindowEnd].Reached);
    }

    [Fact]
    public async Task the_prescription_warning_escalates_to_operators()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        await d.Grain.FireAsync(DossierReminders.PrescriptionWarning);
        Assert.Equal(EscalationKind.PrescriptionNear, Assert.Single(d.State.Escalations).Kind);
    }

    [Fact]
    public async Task documents_are_recorded_once_with_their_checked_metadata()
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        var sha = new string('a', 64);
        var extract = new DocumentUpload("doc-1", DocumentKind.CentralFileExtract, "application/pdf", 1200, sha);
        await d.Do(g => g.AttachDocumentAsync("office-1", extract));
        await d.Do(g => g.AttachDocumentAsync("office-1", extract));
        Assert.Single(d.State.Documents);
        await Assert.ThrowsAsync<DossierValidationException>(() =>
            d.Do(g => g.AttachDocumentAsync(null, extract with { DocumentId = "doc-2", ContentType = "text/html" })));
    }
}
