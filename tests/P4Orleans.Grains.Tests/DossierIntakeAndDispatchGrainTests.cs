using P4Orleans.Contracts;

namespace P4Orleans.Grains.Tests;

public class DossierIntakeAndDispatchGrainTests
{
    [Fact]
    public async Task a_submitted_title_keeps_personal_data_sealed_in_state_and_shows_it_in_the_view()
    {
        var d = TestData.NewDossier();
        await d.Submitted();

        foreach (var secret in new[] { TestData.Surname, TestData.Niss, TestData.Iban, TestData.Street })
        {
            Assert.DoesNotContain(secret, d.Grain.StateJson);
            Assert.True(d.Vault.Holds(d.Id, secret));
        }

        var view = await d.View();
        Assert.Equal(TestData.Surname, view.Debtor!.Name);
        Assert.Equal(TestData.Iban, view.Debtor.Iban);
        Assert.Equal("Banque Exemple", Assert.Single(view.ThirdParties).Name);
        Assert.Equal(DossierStatus.AwaitingDispatch, view.Status);
        Assert.Contains(DossierCommand.Assign, view.AllowedCommands);
    }

    [Fact]
    public async Task resubmitting_the_same_title_is_a_duplicate_and_a_changed_one_a_conflict()
    {
        var d = TestData.NewDossier();
        await d.Submitted();
        var again = await d.Ask(g => g.SubmitAsync(TestData.Contrainte()));
        Assert.True(again.Duplicate);

        var changed = TestData.Contrainte() with { Amounts = [new P4Orleans.Contracts.ClaimAmount(P4Orleans.Law.DebtComponent.Contributions, 1)] };
        await Assert.ThrowsAsync<SubmissionConflictException>(() => d.Ask(g => g.SubmitAsync(changed)));
    }

    [Fact]
    public async Task an_invalid_title_is_refused_with_every_field_and_leaves_nothing_behind()
    {
        var d = TestData.NewDossier();
        var bad = TestData.Contrainte() with { Amounts = [], IssueDate = new DateOnly(2030, 1, 1) };
        var error = await Assert.ThrowsAsync<DossierValidationException>(() => d.Ask(g => g.SubmitAsync(bad)));
        Assert.Contains(error.Errors, e => e.Field == "amounts");
        Assert.Contains(error.Errors, e => e.Field == "issueDate");
        Assert.Equal(DossierStatus.None, d.State.Status);
        Assert.Empty(d.Grain.Reminders);
    }

    [Fact]
    public async Task a_command_on_a_dossier_never_submitted_is_not_found()
    {
        var d = TestData.NewDossier();
        await Assert.ThrowsAsync<DossierNotFoundException>(() => d.Do(g => g.WithdrawAsync("x")));
        await Assert.ThrowsAsync<DossierNotFoundException>(() => d.View());
    }

    [Fact]
    public async Task assignment_sets_the_acceptance_deadline_at_the_end_of_the_third_working_day_and_tells_the_office()
    {
        var d = TestData.NewDossier();
        await d.Submitted();
        await d.Do(g => g.AssignAsync("office-1", "office office-1: arrondissement Liège, load 41/120, lowest ratio"));

        // Assigned Monday 10 March 2025: 11, 12, 13 March; due at 00:00 Brussels on the 14th.
        Assert.Equal(new DateTimeOffset(2025, 3, 13, 23, 0, 0, TimeSpan.Zero), d.Grain.Reminders[DossierReminders.AcceptanceDeadline]);
        Assert.Equal("office-1", Assert.Single(d.Grain.JournalOf(JournalKinds.Dispatched)).GetProperty("officeId").GetString());
        Assert.Equal("office-1", d.State.AssignedOfficeId);
        Assert.Contains(d.Grain.Journal, j => j.Kind == JournalKinds.DeadlineSet && j.Json.Contains("dossier-options-acceptance-3-working-days"));
    }

    [Fact]
    public async Task an_office_cannot_accept_a_dossier_of_another_office()
    {
        var d = TestData.NewDossier();
        await d.Submitted();
        await d.Do(g => g.AssignAsync("office-1", "x"));
        await Assert.ThrowsAsync<NotAssignedOfficeException>(() => d.Do(g => g.AcceptAsync("office-2")));
    }

    [Fact]
    public async Task accepting_before_any_assignment_is_an_illegal_transition_listing_what_is_allowed()
    {
        var d = TestData.NewDossier();
        await d.Submitted();
        await d.Do(g => g.AssignAsync("office-1", "x"));
        await d.Do(g => g.AcceptAsync("office-1"));
        var error = await Assert.ThrowsAsync<IllegalTransitionException>(() => d.Do(g => g.AcceptAsync("office-1")));
        Assert.Equal(DossierStatus.Accepted, error.Status);
        Assert.Contains(DossierCommand.ReportService, error.Allowed);
    }

    [Fact]
    public async Task a_refusal_sends_the_dossier_back_to_dispatch_without_that_office()
    {
        var d = TestData.NewDossier();
        await d.Submitted();
        await d.Do(g => g.AssignAsync("office-1", "x"));
        await d.Do(g => g.RefuseAsync("office-1", RefusalReason.ConflictOfInterest, "knows the debtor"));

        Assert.Equal(DossierStatus.AwaitingDispatch, d.State.Status);
        Assert.Equal(["office-1"], d.State.ExcludedOfficeIds);
        Assert.Null(d.State.AssignedOfficeId);
        Assert.DoesNotContain(DossierReminders.AcceptanceDeadline, d.Grain.Reminders.Keys);
        Assert.Equal("office-1", Assert.Single(d.Grain.JournalOf(JournalKinds.OfficeRefused)).GetProperty("officeId").GetString());
        Assert.DoesNotContain("knows the debtor", d.Grain.StateJson);
        Assert.Equal("knows the debtor", Assert.Single((await d.View()).Notes).Text);
        var refused = await Assert.ThrowsAsync<OfficeNotEligibleException>(() => d.Do(g => g.AssignAsync("office-1", "again")));
        Assert.Equal("office-excluded", refused.Reason);
    }

    [Fact]
    public async Task a_missed_acceptance_deadline_reassigns_automatically_and_tells_the_office()
    {
        var d = TestData.NewDossier();
        await d.Submitted();
        await d.Do(g => g.AssignAsync("office-1", "x"));
        await d.Grain.FireAsync(DossierReminders.AcceptanceDeadline);

        Assert.Equal(DossierStatus.AwaitingDispatch, d.State.Status);
        Assert.Contains("office-1", d.State.ExcludedOfficeIds);
        Assert.Equal("office-1", Assert.Single(d.Grain.JournalOf(JournalKinds.OfficeMissedAcceptance)).GetProperty("officeId").GetString());
    }

    [Fact]
    public async Task an_acceptance_reminder_arriving_after_the_acceptance_changes_nothing()
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        Assert.DoesNotContain(DossierReminders.AcceptanceDeadline, d.State.KeyDates.Keys);
        var due = new DateTimeOffset(2025, 3, 13, 23, 0, 0, TimeSpan.Zero);
        d.Grain.Time.SetTo(due.AddHours(1));
        await d.Grain.FireAtAsync(DossierReminders.AcceptanceDeadline, due);
        Assert.Equal(DossierStatus.Accepted, d.State.Status);
        Assert.Empty(d.Grain.JournalOf(JournalKinds.OfficeMissedAcceptance));
    }

    [Fact]
    public async Task a_missed_service_deadline_escalates_to_operators()
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        Assert.Equal(new DateTimeOffset(2025, 4, 9, 22, 0, 0, TimeSpan.Zero), d.Grain.Reminders[DossierReminders.ServiceDeadline]);
        await d.Grain.FireAsync(DossierReminders.ServiceDeadline);

        Assert.Equal(EscalationKind.ServiceDeadlineMissed, Assert.Single(d.State.Escalations).Kind);
        Assert.Contains(d.Grain.Journal, j => j.Kind == JournalKinds.Escalated);
        Assert.Equal(DossierStatus.Accepted, d.State.Status);
    }

    [Fact]
    public async Task a_title_without_arrondissement_waits_for_an_operator_who_assigns_it()
    {
        var d = TestData.NewDossier();
        var submission = TestData.Contrainte();
        await d.Submitted(submission with { Debtor = submission.Debtor with { Address = submission.Debtor.Address with { PostalCode = "1804" } } });
        Assert.Equal(DossierStatus.NeedsManualDecision, d.State.Status);
        Assert.Null(d.State.ArrondissementId);

        await d.Do(g => g.AssignByOperatorAsync(new OfficeFacts("office-9", "brussels", BailiffStatus.Active), "non-geographic code"));
        Assert.Equal(DossierStatus.Assigned, d.State.Status);
        Assert.Null(d.State.ManualDecisionReason);
        Assert.Equal("brussels", d.State.ArrondissementId);
        Assert.DoesNotContain("non-geographic code", d.Grain.StateJson);
    }
}
