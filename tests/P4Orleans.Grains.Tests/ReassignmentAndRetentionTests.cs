using System.Text.Json;
using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Grains.Tests.Fakes;

namespace P4Orleans.Grains.Tests;

public class ReassignmentAndRetentionTests
{
    [Fact]
    public async Task an_office_leaving_mid_procedure_sends_the_dossier_back_to_dispatch_and_the_next_office_resumes_it()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        await d.Do(g => g.ReassignFromOfficeAsync(new ReassignmentRequested("office-1", BailiffStatus.Departed, Guid.NewGuid())));

        Assert.Equal(DossierStatus.AwaitingDispatch, d.State.Status);
        Assert.Equal(DossierStatus.Executable, d.State.ResumeStatus);
        Assert.Contains("office-1", d.State.ExcludedOfficeIds);
        Assert.Equal("reassigned", Assert.Single(d.Grain.JournalOf(JournalKinds.OfficeReleased)).GetProperty("reason").GetString());

        await d.Do(g => g.AssignAsync("office-2", "x"));
        await d.Do(g => g.AcceptAsync("office-2"));
        Assert.Equal(DossierStatus.Executable, d.State.Status);
        Assert.NotNull(d.State.Service);
    }

    [Fact]
    public async Task a_reassignment_request_from_an_office_no_longer_assigned_is_ignored()
    {
        var d = TestData.NewDossier();
        await d.Accepted("office-2");
        await d.Do(g => g.ReassignFromOfficeAsync(new ReassignmentRequested("office-1", BailiffStatus.Suspended, Guid.NewGuid())));
        Assert.Equal(DossierStatus.Accepted, d.State.Status);
        Assert.Equal("office-2", d.State.AssignedOfficeId);
    }

    [Fact]
    public async Task an_operator_reassigns_directly_to_another_office()
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        await d.Do(g => g.ReassignAsync(new OfficeFacts("office-3", "liege", BailiffStatus.Active), "office overloaded"));
        Assert.Equal(DossierStatus.Assigned, d.State.Status);
        Assert.Equal("office-3", d.State.AssignedOfficeId);
        Assert.Contains(DossierReminders.AcceptanceDeadline, d.Grain.Reminders.Keys);
        Assert.DoesNotContain(DossierReminders.ServiceDeadline, d.Grain.Reminders.Keys);
    }

    private static async Task<DossierHarness> PaidAndClosed()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        await d.Seize(SeizureNature.Conservatory);
        await d.Do(g => g.AttachDocumentAsync("office-1", new DocumentUpload("doc-9", DocumentKind.CentralFileExtract, "image/png", 10, new string('b', 64))));
        await d.Do(g => g.RecordPaymentAsync(null, new PaymentReport(d.State.Ledger.BalanceCents, d.Today, PaymentSource.Onss, "FULL")));
        await d.Do(g => g.CloseInterventionAsync("office-1"));
        return d;
    }

    [Fact]
    public async Task closing_the_intervention_after_payment_starts_the_retention_grace_period()
    {
        var d = await PaidAndClosed();
        Assert.Equal(d.Grain.Time.GetUtcNow().AddDays(30), d.Grain.Reminders[DossierReminders.RetentionExpiry]);
        Assert.False(d.State.InterventionOpen);
        Assert.Contains(d.Grain.Journal, j => j.Kind == JournalKinds.DeadlineSet && j.Json.Contains("dossier-options-retention-30-days"));
    }

    [Fact]
    public async Task a_dossier_paid_before_any_office_accepted_starts_retention_at_once()
    {
        var d = TestData.NewDossier();
        await d.Submitted();
        await d.Do(g => g.RecordPaymentAsync(null, new PaymentReport(350_000, d.Today, PaymentSource.Onss, "ALL")));
        Assert.Equal(DossierStatus.Paid, d.State.Status);
        Assert.Contains(DossierReminders.RetentionExpiry, d.Grain.Reminders.Keys);
    }

    [Fact]
    public async Task retention_expiry_destroys_the_key_and_clears_every_personal_field_keeping_the_figures()
    {
        var d = await PaidAndClosed();
        var balanceCharged = d.State.Ledger.ChargedCents;
        await d.Grain.FireAsync(DossierReminders.RetentionExpiry);

        Assert.Equal(DossierStatus.Purged, d.State.Status);
        Assert.Contains(d.Id, d.Vault.Destroyed);
        Assert.Null(d.State.SealedPersonalData);
        Assert.Null(d.State.Service!.SealedPersonMet);
        Assert.All(d.State.Seizures, s => Assert.Null(s.SealedAssets));
        Assert.All(d.State.Documents, doc => Assert.True(doc.Purged));
        Assert.Contains(d.Grain.Journal, j => j.Kind == JournalKinds.PersonalDataPurged && j.Json.Contains("doc-9"));
        Assert.Equal("liege", d.State.ArrondissementId);
        Assert.Equal(balanceCharged, d.State.Ledger.ChargedCents);

        var view = await d.View();
        Assert.Null(view.Debtor);
        Assert.Null(view.Service!.PersonMet);
        Assert.True(view.PersonalDataPurged);
        Assert.Empty(view.AllowedCommands);
    }

    [Fact]
    public async Task a_retention_reminder_firing_again_after_the_purge_changes_nothing()
    {
        var d = await PaidAndClosed();
        var due = d.Grain.Reminders[DossierReminders.RetentionExpiry];
        await d.Grain.FireAsync(DossierReminders.RetentionExpiry);
        var json = d.Grain.StateJson;
        await d.Grain.FireAtAsync(DossierReminders.RetentionExpiry, due);
        Assert.Equal(json, d.Grain.StateJson);
    }

    [Fact]
    public async Task an_office_departing_after_the_outcome_closes_its_intervention_so_retention_can_run()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        await d.Do(g => g.WithdrawAsync("ONSS settled with the debtor"));
        Assert.DoesNotContain(DossierReminders.RetentionExpiry, d.Grain.Reminders.Keys);

        await d.Do(g => g.ReassignFromOfficeAsync(new ReassignmentRequested("office-1", BailiffStatus.Departed, Guid.NewGuid())));
        Assert.Contains(DossierReminders.RetentionExpiry, d.Grain.Reminders.Keys);
    }

    [Fact]
    public async Task the_journal_of_a_whole_procedure_holds_no_personal_data()
    {
        var d = await PaidAndClosed();
        await d.Grain.FireAsync(DossierReminders.RetentionExpiry);
        var journal = string.Join("\n", d.Grain.Journal.Select(j => j.Json));
        var timeline = JsonSerializer.Serialize(d.State.PendingTimeline, HostJson.Options);
        foreach (var secret in new[] { TestData.Surname, TestData.Niss, TestData.Iban, TestData.Street, TestData.PersonMet, TestData.AssetText, "Banque Exemple" })
        {
            Assert.DoesNotContain(secret, journal);
            Assert.DoesNotContain(secret, timeline);
            Assert.DoesNotContain(secret, d.Grain.StateJson);
        }
    }

    [Fact]
    public async Task the_state_round_trips_through_the_hosts_json_and_declares_its_index()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        var json = d.Grain.StateJson;
        var back = JsonSerializer.Deserialize<DossierState>(json, HostJson.Options)!;

        Assert.Equal(json, JsonSerializer.Serialize(back, HostJson.Options));
        Assert.Contains("\"status\":\"Executable\"", json);
        // The facts the generated columns of orleans_grain_state read, under the names they read.
        var doc = JsonDocument.Parse(json).RootElement;
        Assert.Equal(("Executable", "office-1", "liege"),
            (doc.GetProperty("status").GetString(), doc.GetProperty("assignedOfficeId").GetString(), doc.GetProperty("arrondissementId").GetString()));
        Assert.Equal(back.Ledger.BalanceCents, doc.GetProperty("balanceCents").GetInt64());
        Assert.Equal("2025-04-22", doc.GetProperty("nextDeadline").GetString());
    }

    [Fact]
    public async Task the_summary_carries_no_personal_data()
    {
        var d = TestData.NewDossier();
        await d.Served();
        var summary = await d.Ask(g => g.GetSummaryAsync());
        var json = JsonSerializer.Serialize(summary, HostJson.Options);
        Assert.Equal(DossierStatus.Served, summary.Status);
        Assert.Equal(DossierReminders.Executable, summary.NextDeadlineName);
        Assert.DoesNotContain(TestData.Surname, json);
    }
}
