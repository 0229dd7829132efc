using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using P4Orleans.Contracts;
using P4Orleans.Grains;
using P4Orleans.Law;

namespace P4Orleans.Domain.Orleans;

/// <summary>
/// The dossier grain: each command is a turn of <see cref="DossierModel"/> on the state named <c>dossier</c>.
/// Deadlines live in the state (<see cref="DossierState.WakeUps"/>); the grain keeps one Orleans reminder at the
/// earliest, and the silos' catch-up wakes dossiers whose earliest has passed (a tick missed while the cluster
/// was down is not replayed by Orleans).
/// </summary>
public sealed partial class DossierGrain(
    [PersistentState(GrainTypes.Dossier, GrainStorage.Name)] IPersistentState<DossierState> store,
    LawEngine law,
    IPersonalDataVault vault,
    DossierOptions options,
    IDossierTimeline timeline,
    ReminderSettings reminders,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider time,
    PlatformMetrics metrics,
    ILogger<DossierGrain> logger,
    CommunicationServices communications)
    : TurnGrain<DossierState, DossierModel>(store, new DossierModel(law, vault, options, timeline) { Communications = communications }, time),
        IDossierGrain, IRemindable
{
    /// <summary>The name of the dossier's one reminder.</summary>
    public const string ReminderName = "deadline";

    private DateTimeOffset? _reminderAt;
    private bool _reminderKnown;
    private DateTimeOffset? _storedNextDueAt;

    public Task<SubmissionOutcome> SubmitAsync(TitleSubmission submission) => WriteAsync(m => m.SubmitAsync(submission));

    public async Task AssignAsync(string officeId, string explanation)
    {
        await WriteAsync(m => m.AssignAsync(officeId, explanation));
        metrics.DispatchDecision("automatic");
    }

    public async Task AssignByOperatorAsync(OfficeFacts office, string reason)
    {
        await WriteAsync(m => m.AssignByOperatorAsync(office, reason));
        metrics.DispatchDecision("manual");
    }

    public async Task RequireManualDecisionAsync(string reason)
    {
        await WriteAsync(m => m.RequireManualDecisionAsync(reason));
        metrics.DispatchDecision("referred");
    }

    public Task AcceptAsync(string officeId) => WriteAsync(m => m.AcceptAsync(officeId));

    public Task RefuseAsync(string officeId, RefusalReason reason, string? note) => WriteAsync(m => m.RefuseAsync(officeId, reason, note));

    public Task ReassignAsync(OfficeFacts? office, string reason) => WriteAsync(m => m.ReassignAsync(office, reason));

    public Task ReportServiceAsync(string officeId, ServiceReport report) => WriteAsync(m => m.ReportServiceAsync(officeId, report));

    public Task ReportOppositionAsync(string? officeId, OppositionReport report) => WriteAsync(m => m.ReportOppositionAsync(officeId, report));

    public Task RecordJudgmentAsync(JudgmentReport judgment) => WriteAsync(m => m.RecordJudgmentAsync(judgment));

    public Task<string> ReportSeizureAsync(string officeId, SeizureReport report) => WriteAsync(m => m.ReportSeizureAsync(officeId, report));

    public Task AttachDocumentAsync(string? officeId, DocumentUpload document) => WriteAsync(m => m.AttachDocumentAsync(officeId, document));

    public Task RecordPaymentAsync(string? officeId, PaymentReport payment) => WriteAsync(m => m.RecordPaymentAsync(officeId, payment));

    public Task GrantPaymentPlanAsync(PaymentPlanTerms terms) => WriteAsync(m => m.GrantPaymentPlanAsync(terms));

    public Task EndPaymentPlanAsync(PaymentPlanEnd reason, DateOnly date) => WriteAsync(m => m.EndPaymentPlanAsync(reason, date));

    public Task DeclareIrrecoverableAsync(string reason) => WriteAsync(m => m.DeclareIrrecoverableAsync(reason));

    public Task WithdrawAsync(string reason) => WriteAsync(m => m.WithdrawAsync(reason));

    public Task CloseInterventionAsync(string officeId) => WriteAsync(m => m.CloseInterventionAsync(officeId));

    public async Task ReassignFromOfficeAsync(ReassignmentRequested request)
    {
        // A request for a dossier that has no row asks nothing of anyone: no row is written for it.
        await FreshAsync();
        if (Exists)
        {
            await WriteAsync(m => m.ReassignFromOfficeAsync(request));
        }
    }

    public Task<string> RaiseDisputeAsync(string? officeId, AmicableDisputeReport report) => WriteAsync(m => m.RaiseDisputeAsync(officeId, report));

    public Task AssignDisputeAsync(string disputeId, Guid operatorId) => WriteAsync(m => m.AssignDisputeAsync(disputeId, operatorId));

    public Task DecideDisputeAsync(string disputeId, AmicableDisputeDecision decision) => WriteAsync(m => m.DecideDisputeAsync(disputeId, decision));

    public Task ResumeExecutionAfterDisputeAsync() => WriteAsync(m => m.ResumeExecutionAfterDisputeAsync());

    public Task<string> RecordJudicialDisputeAsync(JudicialDisputeReport report) => WriteAsync(m => m.RecordJudicialDisputeAsync(report));

    public Task RecordHearingAsync(string disputeId, HearingReport hearing) => WriteAsync(m => m.RecordHearingAsync(disputeId, hearing));

    public Task DecideJudicialDisputeAsync(string disputeId, JudicialDisputeDecision decision) => WriteAsync(m => m.DecideJudicialDisputeAsync(disputeId, decision));

    public Task<DossierView> GetAsync() => ReadAsync(m => m.GetAsync());

    public Task<BailiffDossierView> GetForOfficeAsync(string officeId) => ReadAsync(m => m.GetForOfficeAsync(officeId));

    public Task<OnssDossierView> GetForOnssAsync() => ReadAsync(m => m.GetForOnssAsync());

    public Task<DossierSummary> GetSummaryAsync() => ReadAsync(m => m.GetSummaryAsync());

    /// <summary>Applies every deadline due now, earliest first, in one turn; a deadline never applies early.</summary>
    public async Task<int> WakeAsync()
    {
        await FreshAsync();
        if (!Due().Any())
        {
            // Nothing due by the platform clock (a reminder on another clock, a duplicate wake): only the wake-up moves.
            await SyncReminderAsync(force: true);
            return 0;
        }

        var purgedBefore = State.PersonalDataPurged;
        var applied = new List<(string Name, TimeSpan Lateness)>();
        await WriteAsync(async m =>
        {
            // A retried turn decides again from the state read back: only the last attempt's deadlines count.
            applied.Clear();
            // A handler may set a deadline that is already due (a date in the past): apply it in the same turn.
            for (var round = 0; round < 8 && Due().FirstOrDefault() is { Key: { } name, Value: var due }; round++)
            {
                State.WakeUps.Remove(name);
                var now = Time.GetUtcNow();
                await m.ReceiveReminderAsync(new ReminderTick(name, due, now, null));
                applied.Add((name, now - due));
            }
        });

        // Counted once the turn is written: a turn that threw applied nothing.
        foreach (var (name, lateness) in applied)
        {
            metrics.DeadlineApplied(DeadlineTag(name), lateness);
        }
        if (!purgedBefore && State.PersonalDataPurged)
        {
            metrics.Purged();
        }
        return applied.Count;
    }

    // Wake-up names are the dossier's fixed reminders; anything else is reported as "other" to keep the tag's values few.
    private static string DeadlineTag(string name) => DossierReminders.All.Contains(name) ? name : "other";

    /// <summary>The Orleans reminder fell due: wake (the state decides what is due).</summary>
    public Task ReceiveReminder(string reminderName, TickStatus status) => WakeAsync();

    /// <inheritdoc />
    protected override void BeginTurn() => _storedNextDueAt = State.NextDueAt;

    /// <summary>
    /// A turn that brings the earliest deadline forward moves the reminder before its state is written: a silo that dies
    /// between the two then leaves a reminder that fires early, which wakes the dossier to nothing due and re-arms it.
    /// The other order would leave a stored deadline with no reminder until the catch-up. A reminder moved later or
    /// removed waits for the write, for the same reason.
    /// </summary>
    protected override async Task BeforeWriteAsync()
    {
        if (State.NextDueAt is not { } next || (_storedNextDueAt is { } stored && stored <= next)
            || (_reminderKnown && _reminderAt is { } armed && armed <= next))
        {
            return;
        }

        await SyncReminderAsync(force: true);
    }

    protected override async Task AfterWriteAsync()
    {
        // The write appended the ledger's held entries and the new documents to their tables and stored neither (migration 0017).
        Model.LedgerWritten(State.Ledger);
        State.Ledger = State.Ledger.Stored();
        State.DocumentsStored();
        await SyncReminderAsync(force: false);
        await DeliverDueCommunicationsAsync();
    }

    /// <inheritdoc />
    protected override void DropWritten()
    {
        base.DropWritten();
        State.PendingTimeline.Clear();
        State.DropWrittenKeyDateTexts();
    }

    private IEnumerable<KeyValuePair<string, DateTimeOffset>> Due()
    {
        var now = Time.GetUtcNow();
        return State.WakeUps.Where(w => w.Value <= now).OrderBy(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal);
    }

    /// <summary>
    /// Keeps the one Orleans reminder at the earliest pending deadline. A failure here never fails the committed
    /// turn: the catch-up finds the dossier through <c>next_due_at</c> once the deadline passes.
    /// </summary>
    private async Task SyncReminderAsync(bool force)
    {
        var next = State.NextDueAt;
        if (!force && _reminderKnown && next == _reminderAt)
        {
            return;
        }

        try
        {
            if (next is null)
            {
                if (await this.GetReminder(ReminderName) is { } existing)
                {
                    await this.UnregisterReminder(existing);
                }
            }
            else
            {
                var dueIn = next.Value - Time.GetUtcNow();
                await this.RegisterOrUpdateReminder(ReminderName, dueIn < TimeSpan.Zero ? TimeSpan.Zero : dueIn, reminders.Period);
            }

            _reminderAt = next;
            _reminderKnown = true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _reminderKnown = false;
            logger.LogWarning("Dossier reminder not moved ({Error}); the catch-up will wake the dossier", e.GetType().Name);
        }
    }
}

/// <summary>Settings of the dossiers' reminders (section <c>Silo</c>).</summary>
/// <param name="Period">The period of the one reminder: the retry interval when a wake fails.</param>
public sealed record ReminderSettings(TimeSpan Period);

/// <summary>The name of the platform's grain storage provider.</summary>
public static class GrainStorage
{
    /// <summary>The provider name.</summary>
    public const string Name = "p4";
}
