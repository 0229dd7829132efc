using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Law;

namespace P4Orleans.Grains.Tests;

public class AmicableDisputeTests
{
    private static readonly Guid Operator = Guid.Parse("6f1f3a52-8a51-4f7e-9a43-3c2f1b0c9e11");

    private static AmicableDisputeReport Report(DateOnly received, DisputeGround ground = DisputeGround.ContestedAmount) =>
        new(ground, DisputeParty.Debtor, received, "Le débiteur conteste le calcul des majorations.");

    private static async Task<string> RaisedAndAssigned(DossierHarness d, DateOnly? received = null)
    {
        var id = await d.Ask(g => g.RaiseDisputeAsync(null, Report(received ?? d.Today)));
        await d.Do(g => g.AssignDisputeAsync(id, Operator));
        return id;
    }

    /// <summary>Executable since 22 March 2025 (served on the 20th); the clock on Tuesday 25 March.</summary>
    internal static async Task<DossierHarness> Executable()
    {
        var d = TestData.NewDossier();
        await d.Executable();
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 3, 25, 10, 0, 0, TimeSpan.Zero));
        return d;
    }

    private static Task Decide(DossierHarness d, string id, AmicableOutcome outcome, long? corrected = null) =>
        d.Do(g => g.DecideDisputeAsync(id, new AmicableDisputeDecision(outcome, d.Today, corrected, "Vérifié avec l'ONSS.")));

    [Theory]
    // 10 March + 30 days = 9 April (a Wednesday); due at the end of that day, 22:00 UTC in summer time (from 30 March 2025).
    [InlineData("2025-03-10", 30, "2025-04-09", "2025-04-09T22:00:00Z")]
    // 13 March + 30 = 12 April, a Saturday: a platform deadline, not moved to the Monday.
    [InlineData("2025-03-13", 30, "2025-04-12", "2025-04-12T22:00:00Z")]
    // 10 days: 20 March, end of day in winter time (23:00 UTC).
    [InlineData("2025-03-10", 10, "2025-03-20", "2025-03-20T23:00:00Z")]
    // Received the day before: 9 March + 1 = 10 March.
    [InlineData("2025-03-09", 1, "2025-03-10", "2025-03-10T23:00:00Z")]
    public async Task an_amicable_dispute_must_be_decided_within_the_configured_calendar_days_to_the_end_of_the_last_day(
        string received, int days, string lastDay, string dueAt)
    {
        var d = TestData.NewDossier(options: new DossierOptions { AmicableDisputeDecisionDays = days });
        await d.Submitted();
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 3, 20, 9, 0, 0, TimeSpan.Zero));
        var id = await d.Ask(g => g.RaiseDisputeAsync(null, Report(DateOnly.Parse(received))));

        Assert.Equal("A1", id);
        var date = d.State.KeyDates[DisputeDeadlines.DecisionPrefix + id];
        Assert.Equal(DateOnly.Parse(lastDay), date.Date);
        Assert.Equal(DateTimeOffset.Parse(dueAt), date.DueAt);
        Assert.Equal(DateTimeOffset.Parse(dueAt), d.Grain.Reminders[DisputeDeadlines.DecisionPrefix + id]);
        Assert.Null(date.French);
        Assert.Contains($"{days} jours calendrier", d.Texts[date.Name].French);
        Assert.Contains($"{days} kalenderdagen", d.Texts[date.Name].Dutch);
        Assert.Equal(DossierStatus.AwaitingDispatch, d.State.Status);
        Assert.Contains(d.State.PendingTimeline, t => t.Kind == nameof(DossierCommand.RaiseDispute));
        Assert.Single(d.Grain.JournalOf(DisputeJournalKinds.Raised));
    }

    [Fact]
    public async Task a_dispute_not_decided_by_its_deadline_is_escalated_to_operators()
    {
        var d = TestData.NewDossier();
        await d.Submitted();
        var id = await d.Ask(g => g.RaiseDisputeAsync(null, Report(new DateOnly(2025, 3, 10))));
        await d.Grain.FireAsync(DisputeDeadlines.DecisionPrefix + id);

        var escalation = Assert.Single(d.State.Escalations);
        Assert.Equal(EscalationKind.DisputeOverdue, escalation.Kind);
        Assert.Contains("not decided by 2025-04-09", escalation.Detail);
        Assert.True(Assert.Single(d.State.Disputes.Amicable).Overdue);
        Assert.True(d.State.KeyDates[DisputeDeadlines.DecisionPrefix + id].Reached);
        Assert.Single(d.Grain.JournalOf(DisputeJournalKinds.Overdue));
    }

    [Fact]
    public async Task a_dispute_decided_in_time_cancels_its_deadline_and_is_never_escalated()
    {
        var d = TestData.NewDossier();
        await d.Submitted();
        var id = await RaisedAndAssigned(d);
        await Decide(d, id, AmicableOutcome.Rejected);

        Assert.DoesNotContain(DisputeDeadlines.DecisionPrefix + id, d.Grain.Reminders.Keys);
        Assert.DoesNotContain(DisputeDeadlines.DecisionPrefix + id, d.State.KeyDates.Keys);
        Assert.Equal(AmicableOutcome.Rejected, Assert.Single(d.State.Disputes.Amicable).Outcome);
        Assert.False(d.State.Disputes.ExecutionSuspended);
        Assert.Equal(DossierStatus.AwaitingDispatch, d.State.Status);

        // A late tick (delivered after the decision) finds nothing due and escalates nothing.
        await d.Grain.FireAtAsync(DisputeDeadlines.DecisionPrefix + id, new DateTimeOffset(2025, 4, 9, 22, 0, 0, TimeSpan.Zero));
        Assert.Empty(d.State.Escalations);
    }

    [Fact]
    public async Task an_upheld_dispute_suspends_execution_until_onss_confirms_its_claim()
    {
        var d = await Executable();
        var id = await RaisedAndAssigned(d);
        await Decide(d, id, AmicableOutcome.Upheld);

        Assert.Equal(id, d.State.Disputes.SuspendedBy);
        var refused = await Assert.ThrowsAsync<DisputeConflictException>(() => d.Seize(SeizureNature.Executory));
        Assert.Equal("execution-suspended", refused.Reason);
        // Conservatory measures stay possible: they execute nothing.
        Assert.Equal("S1", await d.Seize(SeizureNature.Conservatory));
        Assert.Equal(DossierStatus.Executable, d.State.Status);

        await d.Do(g => g.ResumeExecutionAfterDisputeAsync());
        Assert.False(d.State.Disputes.ExecutionSuspended);
        Assert.Equal("S2", await d.Seize(SeizureNature.Executory));
        Assert.Equal(DossierStatus.Seizure, d.State.Status);
        var again = await Assert.ThrowsAsync<DisputeConflictException>(() => d.Do(g => g.ResumeExecutionAfterDisputeAsync()));
        Assert.Equal("not-suspended", again.Reason);
    }

    [Fact]
    public async Task an_upheld_dispute_ends_with_the_title_when_onss_withdraws_it()
    {
        var d = await Executable();
        await Decide(d, await RaisedAndAssigned(d), AmicableOutcome.Upheld);
        await d.Do(g => g.WithdrawAsync("identité erronée"));

        Assert.Equal(DossierStatus.Withdrawn, d.State.Status);
        await Assert.ThrowsAsync<IllegalTransitionException>(() => d.Do(g => g.ResumeExecutionAfterDisputeAsync()));
    }

    [Fact]
    public async Task a_corrected_amount_lowers_the_principal_first_and_keeps_the_bailiff_costs()
    {
        var d = await Executable();
        var costs = d.State.Ledger.OutstandingOf(DebtComponent.BailiffCosts);
        await Decide(d, await RaisedAndAssigned(d), AmicableOutcome.AmountCorrected, 200_000);

        // 300,000 contributions + 50,000 interest corrected to 200,000: the principal loses the 150,000.
        Assert.Equal(150_000, d.State.Ledger.OutstandingOf(DebtComponent.Contributions));
        Assert.Equal(50_000, d.State.Ledger.OutstandingOf(DebtComponent.LateInterest));
        Assert.Equal(costs, d.State.Ledger.OutstandingOf(DebtComponent.BailiffCosts));
        Assert.Equal(200_000 + costs, d.State.Ledger.BalanceCents);
        Assert.Equal(DossierStatus.Executable, d.State.Status);
        var adjusted = Assert.Single(d.Grain.JournalOf(JournalKinds.LedgerAdjusted));
        Assert.Equal("dispute-corrected", adjusted.GetProperty("reason").GetString());
        Assert.Equal(350_000, adjusted.GetProperty("fromCents").GetInt64());
    }

    [Fact]
    public async Task a_correction_below_what_was_paid_makes_the_dossier_paid_with_the_refund_reported()
    {
        var d = TestData.NewDossier();
        await d.Submitted();
        await d.Do(g => g.RecordPaymentAsync(null, new PaymentReport(200_000, new DateOnly(2025, 3, 10), PaymentSource.Onss, "P-1")));
        await Decide(d, await RaisedAndAssigned(d), AmicableOutcome.AmountCorrected, 150_000);

        Assert.Equal(DossierStatus.Paid, d.State.Status);
        Assert.Equal(50_000, d.State.Ledger.OverpaymentCents);
        Assert.Contains(d.State.Escalations, e => e.Kind == EscalationKind.OverpaymentRefundDue && e.Detail.StartsWith("50000 cents", StringComparison.Ordinal));
        Assert.Contains(DossierReminders.RetentionExpiry, d.Grain.Reminders.Keys);
    }

    [Theory]
    [InlineData(AmicableOutcome.AmountCorrected, null)]
    [InlineData(AmicableOutcome.AmountCorrected, 0L)]
    [InlineData(AmicableOutcome.AmountCorrected, 350_000L)]
    [InlineData(AmicableOutcome.AmountCorrected, -5L)]
    [InlineData(AmicableOutcome.Rejected, 100_000L)]
    [InlineData(AmicableOutcome.Upheld, 1L)]
    [InlineData((AmicableOutcome)42, null)]
    public async Task a_decision_with_an_amount_that_does_not_fit_its_outcome_is_refused_and_changes_nothing(AmicableOutcome outcome, long? cents)
    {
        var d = TestData.NewDossier();
        await d.Submitted();
        var id = await RaisedAndAssigned(d);
        var before = d.Grain.StateJson;

        var e = await Assert.ThrowsAsync<DossierValidationException>(() => Decide(d, id, outcome, cents));

        Assert.Contains(e.Errors, x => x.Field is "correctedToCents" or "outcome");
        Assert.Equal(before, d.Grain.StateJson);
    }

    [Fact]
    public async Task a_transferred_dispute_leaves_the_procedure_as_it_was()
    {
        var d = await Executable();
        var balance = d.State.Ledger.BalanceCents;
        await Decide(d, await RaisedAndAssigned(d), AmicableOutcome.TransferredToOnss);

        Assert.Equal(DossierStatus.Executable, d.State.Status);
        Assert.Equal(balance, d.State.Ledger.BalanceCents);
        Assert.False(d.State.Disputes.ExecutionSuspended);
        Assert.Equal("S1", await d.Seize(SeizureNature.Executory));
    }

    [Fact]
    public async Task a_dispute_is_decided_once_by_an_assigned_operator()
    {
        var d = TestData.NewDossier();
        await d.Submitted();
        var id = await d.Ask(g => g.RaiseDisputeAsync(null, Report(d.Today)));

        var unassigned = await Assert.ThrowsAsync<DisputeConflictException>(() => Decide(d, id, AmicableOutcome.Rejected));
        Assert.Equal("dispute-not-assigned", unassigned.Reason);

        await d.Do(g => g.AssignDisputeAsync(id, Operator));
        await Decide(d, id, AmicableOutcome.Rejected);
        var twice = await Assert.ThrowsAsync<DisputeConflictException>(() => Decide(d, id, AmicableOutcome.Upheld));
        Assert.Equal("dispute-decided", twice.Reason);
        var reassigned = await Assert.ThrowsAsync<DisputeConflictException>(() => d.Do(g => g.AssignDisputeAsync(id, Operator)));
        Assert.Equal("dispute-decided", reassigned.Reason);
        await Assert.ThrowsAsync<DisputeNotFoundException>(() => Decide(d, "A9", AmicableOutcome.Rejected));
        var second = await d.Ask(g => g.RaiseDisputeAsync(null, Report(d.Today)));
        Assert.Equal("A2", second);
        await Assert.ThrowsAsync<DossierValidationException>(() => d.Do(g => g.AssignDisputeAsync(second, Guid.Empty)));
    }

    [Fact]
    public async Task dispute_dates_are_checked_against_today_and_the_facts()
    {
        var d = TestData.NewDossier();
        await d.Submitted();
        var future = await Assert.ThrowsAsync<ActDateConflictException>(() => d.Ask(g => g.RaiseDisputeAsync(null, Report(d.Today.AddDays(1)))));
        Assert.Equal("after-today", future.Reason);
        var beforeIssue = await Assert.ThrowsAsync<ActDateConflictException>(() => d.Ask(g => g.RaiseDisputeAsync(null, Report(new DateOnly(2025, 2, 19)))));
        Assert.Equal("before-issue", beforeIssue.Reason);

        var id = await RaisedAndAssigned(d, new DateOnly(2025, 3, 5));
        var early = await Assert.ThrowsAsync<ActDateConflictException>(() =>
            d.Do(g => g.DecideDisputeAsync(id, new AmicableDisputeDecision(AmicableOutcome.Rejected, new DateOnly(2025, 3, 4)))));
        Assert.Equal("before-dispute", early.Reason);
    }

    [Fact]
    public async Task disputes_are_refused_once_the_dossier_has_an_outcome_and_by_an_office_that_does_not_hold_it()
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        await Assert.ThrowsAsync<NotAssignedOfficeException>(() => d.Ask(g => g.RaiseDisputeAsync("office-2", Report(d.Today))));
        var id = await d.Ask(g => g.RaiseDisputeAsync("office-1", Report(d.Today, DisputeGround.Identity)));
        Assert.Equal(DisputeChannel.Office, d.State.Disputes.Amicable[0].Channel);
        Assert.Equal("office-1", d.State.Disputes.Amicable[0].OfficeId);

        await d.Do(g => g.WithdrawAsync("retrait"));
        await Assert.ThrowsAsync<IllegalTransitionException>(() => d.Ask(g => g.RaiseDisputeAsync(null, Report(d.Today))));
        await Assert.ThrowsAsync<IllegalTransitionException>(() => d.Do(g => g.AssignDisputeAsync(id, Operator)));
    }

    [Fact]
    public async Task the_views_show_the_disputes_with_the_notes_only_to_operators_and_onss_and_the_purge_clears_them()
    {
        var d = TestData.NewDossier();
        await d.Accepted();
        var id = await d.Ask(g => g.RaiseDisputeAsync("office-1", Report(d.Today)));

        var full = Assert.Single((await d.View()).Disputes!.Amicable);
        Assert.Equal("Le débiteur conteste le calcul des majorations.", full.Note);
        Assert.Equal(new DateOnly(2025, 4, 9), full.DecideBy);
        Assert.Equal(full.Note, Assert.Single((await d.Ask(g => g.GetForOnssAsync())).Disputes!.Amicable).Note);
        var office = Assert.Single((await d.Ask(g => g.GetForOfficeAsync("office-1"))).Disputes!.Amicable);
        Assert.Null(office.Note);
        Assert.Equal(id, office.DisputeId);
        Assert.DoesNotContain("majorations", d.Grain.StateJson, StringComparison.Ordinal);

        await d.Do(g => g.WithdrawAsync("retrait"));
        await d.Do(g => g.CloseInterventionAsync("office-1"));
        await d.Grain.FireAsync(DossierReminders.RetentionExpiry);
        Assert.Equal(DossierStatus.Purged, d.State.Status);
        Assert.Null(Assert.Single(d.State.Disputes.Amicable).SealedNote);
    }
}
