using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Law;

namespace P4Orleans.Grains.Tests;

public class JudicialDisputeTests
{
    private const string Court = "Tribunal de première instance de Liège, juge des saisies";

    /// <summary>Executable, then an executory seizure S1 of movable goods on Tuesday 25 March 2025.</summary>
    private static async Task<DossierHarness> Seized(DossierOptions? options = null)
    {
        var d = TestData.NewDossier(options: options);
        await d.Executable();
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 3, 25, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal("S1", await d.Seize(SeizureNature.Executory));
        return d;
    }

    /// <summary>Opposed on 25 March 2025, judgment upheld on Tuesday 10 June 2025 (execution resumed), clock on 20 June.</summary>
    private static async Task<DossierHarness> Judged(DossierOptions? options = null)
    {
        var d = TestData.NewDossier(options: options);
        await d.Executable();
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 3, 25, 10, 0, 0, TimeSpan.Zero));
        await d.Do(g => g.ReportOppositionAsync(null, new OppositionReport(OppositionKind.Summons, new DateOnly(2025, 3, 25), "Tribunal du travail de Liège")));
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 6, 10, 10, 0, 0, TimeSpan.Zero));
        await d.Do(g => g.RecordJudgmentAsync(new JudgmentReport(JudgmentOutcome.Upheld, new DateOnly(2025, 6, 10))));
        d.Grain.Time.SetTo(new DateTimeOffset(2025, 6, 20, 10, 0, 0, TimeSpan.Zero));
        return d;
    }

    private static Task<string> Record(DossierHarness d, JudicialDisputeKind kind, IReadOnlyList<string>? seizures = null, DateOnly? hearing = null) =>
        d.Ask(g => g.RecordJudicialDisputeAsync(new JudicialDisputeReport(kind, Court, d.Today, seizures, hearing)));

    private static Task Decide(DossierHarness d, string id, JudicialOutcome outcome, JudgmentOutcome? reformed = null, long? cents = null) =>
        d.Do(g => g.DecideJudicialDisputeAsync(id, new JudicialDisputeDecision(outcome, d.Today, reformed, cents)));

    [Fact]
    public async Task a_third_party_claim_suspends_the_sale_of_the_claimed_goods_and_lifts_their_seizure_when_granted()
    {
        var d = await Seized();
        var id = await Record(d, JudicialDisputeKind.ThirdPartyClaim, ["S1"]);

        Assert.Equal(["S1"], d.State.Disputes.SuspendedSeizureIds);
        Assert.False(d.State.Disputes.ExecutionSuspended);
        Assert.Contains(d.State.PendingTimeline, t => t.Detail.Contains("seizure(s) S1 may not be sold", StringComparison.Ordinal));

        await Decide(d, id, JudicialOutcome.Granted);
        Assert.Empty(d.State.Disputes.SuspendedSeizureIds);
        Assert.Equal(["S1"], d.State.Disputes.LiftedSeizureIds);
        var view = (await d.View()).Disputes!;
        Assert.Equal(["S1"], view.LiftedSeizureIds);
        Assert.Equal(JudicialOutcome.Granted, Assert.Single(view.Judicial).Outcome);

        var again = await Assert.ThrowsAsync<DisputeConflictException>(() => Record(d, JudicialDisputeKind.ThirdPartyClaim, ["S1"]));
        Assert.Equal("seizure-lifted", again.Reason);
    }

    [Theory]
    [InlineData(JudicialOutcome.Rejected)]
    [InlineData(JudicialOutcome.Withdrawn)]
    public async Task a_claim_rejected_or_withdrawn_ends_the_suspension_and_lifts_nothing(JudicialOutcome outcome)
    {
        var d = await Seized();
        var id = await Record(d, JudicialDisputeKind.ThirdPartyClaim, ["S1"]);
        await Decide(d, id, outcome);

        Assert.Empty(d.State.Disputes.SuspendedSeizureIds);
        Assert.Empty(d.State.Disputes.LiftedSeizureIds);
        Assert.Equal(DossierStatus.Seizure, d.State.Status);
    }

    [Fact]
    public async Task a_claim_suspends_nothing_when_configured_so()
    {
        var d = await Seized(new DossierOptions { ThirdPartyClaimSuspendsSale = false });
        await Record(d, JudicialDisputeKind.ThirdPartyClaim, ["S1"]);
        Assert.Empty(d.State.Disputes.SuspendedSeizureIds);
        Assert.False(Assert.Single(d.State.Disputes.Judicial).SuspendsExecution);
    }

    [Theory]
    [InlineData(JudicialDisputeKind.ThirdPartyClaim, null)]
    [InlineData(JudicialDisputeKind.ThirdPartyClaim, "S9")]
    [InlineData(JudicialDisputeKind.AttachmentJudge, "S2")]
    [InlineData(JudicialDisputeKind.AttachmentJudge, "")]
    public async Task a_judicial_dispute_names_only_seizures_of_the_dossier_and_a_claim_names_at_least_one(JudicialDisputeKind kind, string? seizure)
    {
        var d = await Seized();
        var before = d.Grain.StateJson;
        var e = await Assert.ThrowsAsync<DossierValidationException>(() => Record(d, kind, seizure is null ? null : [seizure]));
        Assert.Equal("seizureIds", Assert.Single(e.Errors).Field);
        Assert.Equal(before, d.Grain.StateJson);
    }

    [Fact]
    public async Task a_dispute_before_the_attachment_judge_lets_execution_go_on_by_default()
    {
        var d = await Seized();
        var id = await Record(d, JudicialDisputeKind.AttachmentJudge);
        Assert.False(d.State.Disputes.ExecutionSuspended);
        Assert.Equal("S2", await d.Seize(SeizureNature.Executory));

        await Decide(d, id, JudicialOutcome.Rejected);
        Assert.False(d.State.Disputes.ExecutionSuspended);
    }

    [Fact]
    public async Task a_dispute_before_the_attachment_judge_configured_to_suspend_refuses_executory_acts_until_decided()
    {
        var d = await Seized(new DossierOptions { AttachmentJudgeSuspendsExecution = true });
        var id = await Record(d, JudicialDisputeKind.AttachmentJudge);
        var refused = await Assert.ThrowsAsync<DisputeConflictException>(() => d.Seize(SeizureNature.Executory));
        Assert.Equal("execution-suspended", refused.Reason);

        await Decide(d, id, JudicialOutcome.Rejected);
        Assert.Equal("S2", await d.Seize(SeizureNature.Executory));
    }

    [Fact]
    public async Task the_attachment_judge_lifts_the_seizures_named_or_else_stops_the_execution_until_onss_resumes()
    {
        var d = await Seized();
        var lifted = await Record(d, JudicialDisputeKind.AttachmentJudge, ["S1"]);
        await Decide(d, lifted, JudicialOutcome.Granted);
        Assert.Equal(["S1"], d.State.Disputes.LiftedSeizureIds);
        Assert.False(d.State.Disputes.ExecutionSuspended);

        var stopped = await Record(d, JudicialDisputeKind.AttachmentJudge);
        await Decide(d, stopped, JudicialOutcome.Granted);
        Assert.Equal(stopped, d.State.Disputes.SuspendedBy);
        Assert.Equal("attachment-judge-order", d.State.Disputes.Suspension!.Reason);
        await Assert.ThrowsAsync<DisputeConflictException>(() => d.Seize(SeizureNature.Executory));
        await d.Do(g => g.ResumeExecutionAfterDisputeAsync());
        Assert.Equal("S2", await d.Seize(SeizureNature.Executory));
    }

    [Fact]
    public async Task a_hearing_is_a_key_date_at_the_start_of_its_day_with_french_and_dutch_reasons_and_moves_when_postponed()
    {
        var d = await Seized();
        var id = await Record(d, JudicialDisputeKind.ThirdPartyClaim, ["S1"], new DateOnly(2025, 4, 3));
        var name = DisputeDeadlines.HearingPrefix + id;

        var hearing = d.State.KeyDates[name];
        Assert.Equal(new DateOnly(2025, 4, 3), hearing.Date);
        // Thursday 3 April 2025, 00:00 in Brussels (summer time): 2 April 22:00 UTC.
        Assert.Equal(new DateTimeOffset(2025, 4, 2, 22, 0, 0, TimeSpan.Zero), hearing.DueAt);
        Assert.Equal("dispute-hearing-third-party-claim", hearing.RuleId);
        var reason = d.Texts[name];
        Assert.StartsWith("Audience du jeudi 3 avril 2025 devant " + Court, reason.French, StringComparison.Ordinal);
        Assert.Contains("ne peuvent être vendus", reason.French, StringComparison.Ordinal);
        Assert.StartsWith("Zitting van donderdag 3 april 2025 voor " + Court, reason.Dutch, StringComparison.Ordinal);

        await d.Do(g => g.RecordHearingAsync(id, new HearingReport(new DateOnly(2025, 5, 15))));
        Assert.Equal(new DateOnly(2025, 5, 15), d.State.KeyDates[name].Date);
        Assert.Equal(new DateTimeOffset(2025, 5, 14, 22, 0, 0, TimeSpan.Zero), d.Grain.Reminders[name]);
        var moved = Assert.Single(d.State.PendingTimeline, t => t.Kind == JournalKinds.DeadlineMoved && t.Deadline!.Name == name);
        Assert.Equal(new DateOnly(2025, 4, 3), moved.Deadline!.PreviousDate);
        Assert.Equal([new DateOnly(2025, 4, 3), new DateOnly(2025, 5, 15)], d.State.Disputes.Judicial[0].Hearings);

        await d.Grain.FireAsync(name);
        Assert.True(d.State.KeyDates[name].Reached);
        Assert.Empty(d.State.Escalations);

        var early = await Assert.ThrowsAsync<ActDateConflictException>(() => d.Do(g => g.RecordHearingAsync(id, new HearingReport(new DateOnly(2025, 3, 24)))));
        Assert.Equal("before-filing", early.Reason);
        await Assert.ThrowsAsync<DossierValidationException>(() => d.Do(g => g.RecordHearingAsync(id, new HearingReport(new DateOnly(2031, 1, 1)))));
    }

    [Fact]
    public async Task a_decision_cancels_the_pending_hearing()
    {
        var d = await Seized();
        var id = await Record(d, JudicialDisputeKind.AttachmentJudge, hearing: new DateOnly(2025, 4, 3));
        await Decide(d, id, JudicialOutcome.Withdrawn);

        Assert.DoesNotContain(DisputeDeadlines.HearingPrefix + id, d.Grain.Reminders.Keys);
        Assert.Contains(d.State.PendingTimeline, t => t.Kind == JournalKinds.DeadlineCancelled && t.Deadline!.Name == DisputeDeadlines.HearingPrefix + id);
        var twice = await Assert.ThrowsAsync<DisputeConflictException>(() => Decide(d, id, JudicialOutcome.Granted));
        Assert.Equal("dispute-decided", twice.Reason);
        await Assert.ThrowsAsync<DisputeNotFoundException>(() => Decide(d, "J7", JudicialOutcome.Granted));
    }

    [Fact]
    public async Task an_appeal_needs_a_judgment_on_the_opposition_and_comes_after_it()
    {
        var seized = await Seized();
        var none = await Assert.ThrowsAsync<DisputeConflictException>(() => Record(seized, JudicialDisputeKind.Appeal));
        Assert.Equal("no-judgment", none.Reason);

        var d = await Judged();
        var early = await Assert.ThrowsAsync<ActDateConflictException>(() =>
            d.Ask(g => g.RecordJudicialDisputeAsync(new JudicialDisputeReport(JudicialDisputeKind.Appeal, "Cour du travail de Liège", new DateOnly(2025, 6, 9)))));
        Assert.Equal("before-judgment", early.Reason);
        await Record(d, JudicialDisputeKind.Appeal);
        var second = await Assert.ThrowsAsync<DisputeConflictException>(() => Record(d, JudicialDisputeKind.Appeal));
        Assert.Equal("appeal-pending", second.Reason);
    }

    [Fact]
    public async Task a_pending_appeal_lets_the_judgment_be_executed_unless_configured_to_suspend()
    {
        var d = await Judged();
        await Record(d, JudicialDisputeKind.Appeal);
        Assert.Equal(DossierStatus.Executable, d.State.Status);
        Assert.Equal("S1", await d.Seize(SeizureNature.Executory));

        var suspended = await Judged(new DossierOptions { AppealSuspendsExecution = true });
        var id = await Record(suspended, JudicialDisputeKind.Appeal);
        Assert.Equal(id, suspended.State.Disputes.SuspendedBy);
        await Assert.ThrowsAsync<DisputeConflictException>(() => suspended.Seize(SeizureNature.Executory));
        await Decide(suspended, id, JudicialOutcome.Rejected);
        Assert.Equal("S1", await suspended.Seize(SeizureNature.Executory));
    }

    [Fact]
    public async Task an_appeal_that_annuls_the_contrainte_closes_the_dossier_and_releases_the_office()
    {
        var d = await Judged();
        var id = await Record(d, JudicialDisputeKind.Appeal);
        await Decide(d, id, JudicialOutcome.Granted, JudgmentOutcome.Annulled);

        Assert.Equal(DossierStatus.Closed, d.State.Status);
        Assert.Single(d.Grain.JournalOf(JournalKinds.OfficeReleased));
        Assert.DoesNotContain(DossierReminders.Prescription, d.Grain.Reminders.Keys);
        await Assert.ThrowsAsync<IllegalTransitionException>(() => Record(d, JudicialDisputeKind.AttachmentJudge));
    }

    [Fact]
    public async Task an_appeal_that_reduces_the_claim_rebuilds_the_ledger()
    {
        var d = await Judged();
        var costs = d.State.Ledger.OutstandingOf(DebtComponent.BailiffCosts);
        var id = await Record(d, JudicialDisputeKind.Appeal);
        await Decide(d, id, JudicialOutcome.Granted, JudgmentOutcome.Reduced, 250_000);

        Assert.Equal(200_000, d.State.Ledger.OutstandingOf(DebtComponent.Contributions));
        Assert.Equal(50_000, d.State.Ledger.OutstandingOf(DebtComponent.LateInterest));
        Assert.Equal(costs, d.State.Ledger.OutstandingOf(DebtComponent.BailiffCosts));
        Assert.Equal(DossierStatus.Executable, d.State.Status);
        Assert.Equal("appeal-reduced", Assert.Single(d.Grain.JournalOf(JournalKinds.LedgerAdjusted)).GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData(JudicialDisputeKind.Appeal, JudicialOutcome.Granted, null, null)]
    [InlineData(JudicialDisputeKind.Appeal, JudicialOutcome.Granted, JudgmentOutcome.Upheld, null)]
    [InlineData(JudicialDisputeKind.Appeal, JudicialOutcome.Granted, JudgmentOutcome.Reduced, null)]
    [InlineData(JudicialDisputeKind.Appeal, JudicialOutcome.Granted, JudgmentOutcome.Reduced, 350_000L)]
    [InlineData(JudicialDisputeKind.Appeal, JudicialOutcome.Granted, JudgmentOutcome.Annulled, 100L)]
    [InlineData(JudicialDisputeKind.Appeal, JudicialOutcome.Rejected, JudgmentOutcome.Annulled, null)]
    [InlineData(JudicialDisputeKind.AttachmentJudge, JudicialOutcome.Granted, JudgmentOutcome.Reduced, 100L)]
    public async Task a_decision_reforms_the_judgment_only_for_an_appeal_granted(JudicialDisputeKind kind, JudicialOutcome outcome,
        JudgmentOutcome? reformed, long? cents)
    {
        var d = await Judged();
        var id = await Record(d, kind);
        var before = d.Grain.StateJson;

        await Assert.ThrowsAsync<DossierValidationException>(() => Decide(d, id, outcome, reformed, cents));
        Assert.Equal(before, d.Grain.StateJson);
    }
}
