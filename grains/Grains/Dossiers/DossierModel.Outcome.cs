using P4Orleans.Contracts;
using static P4Orleans.Contracts.DossierCommand;

namespace P4Orleans.Domain;

// Outcomes, the closure of the bailiff's intervention, retention and the purge of personal data.
public sealed partial class DossierModel
{
    private static readonly string[] ProcedureReminders =
    [
        DossierReminders.AcceptanceDeadline, DossierReminders.ServiceDeadline, DossierReminders.Executable,
        DossierReminders.OppositionWindowEnd, DossierReminders.PrescriptionWarning, DossierReminders.Prescription,
    ];

    /// <inheritdoc />
    public async Task DeclareIrrecoverableAsync(string reason)
    {
        Require(DeclareIrrecoverable);
        await AddNoteAsync("irrecoverable", reason);
        ReachOutcome(DeclareIrrecoverable, DossierStatus.Irrecoverable, "declared irrecoverable by ONSS");
    }

    /// <inheritdoc />
    public async Task WithdrawAsync(string reason)
    {
        Require(Withdraw);
        await AddNoteAsync("withdrawal", reason);
        ReachOutcome(Withdraw, DossierStatus.Withdrawn, "withdrawn by ONSS");
    }

    /// <inheritdoc />
    public Task CloseInterventionAsync(string officeId)
    {
        RequireOffice(officeId);
        Require(CloseIntervention);
        if (!State.InterventionOpen)
        {
            Context.Journal(JournalKinds.Ignored, new { command = CloseIntervention.ToString(), reason = "intervention already closed" });
            return Task.CompletedTask;
        }

        CloseInterventionCore($"intervention of office {officeId} closed");
        return Task.CompletedTask;
    }

    private void CloseInterventionCore(string detail)
    {
        State.InterventionOpen = false;
        State.InterventionClosedAt = Now;
        Context.Journal(JournalKinds.InterventionClosed, new { officeId = State.AssignedOfficeId });
        MoveTo(CloseIntervention, State.Status, detail);
        StartRetention();
    }

    /// <summary>The procedure is over: its dates are void; the office's load drops; retention starts once no intervention is open.</summary>
    private void ReachOutcome(DossierCommand command, DossierStatus outcome, string detail)
    {
        var from = State.Status;
        MoveTo(command, outcome, detail);
        State.OutcomeAt = Now;
        State.ResumeStatus = null;
        foreach (var name in ProcedureReminders)
        {
            ClearDeadline(name, $"outcome: {outcome}");
        }

        if (State.AssignedOfficeId is { } office)
        {
            Context.Journal(JournalKinds.OfficeReleased, new { officeId = office, reason = outcome.ToString() });
        }

        // An office that had not accepted yet did no act: it has no intervention to close.
        if (from == DossierStatus.Assigned)
        {
            State.InterventionOpen = false;
        }

        if (!State.InterventionOpen)
        {
            StartRetention();
        }
    }

    /// <summary>LEGAL.md §1: data kept only until payment or irrecoverability and the closure of the intervention; plus the grace period.</summary>
    private void StartRetention()
    {
        if (State.HasOutcome && !State.InterventionOpen && !State.KeyDates.ContainsKey(DossierReminders.RetentionExpiry))
        {
            SetDeadline(DossierDeadlines.Retention(Now, options, clock));
        }
    }

    /// <summary>Destroys the dossier's data key and clears every sealed field; figures, dates and statuses stay.</summary>
    private async Task PurgeAsync()
    {
        DossierLifecycle.Ensure(State.Status, PurgePersonalData);
        await vault.DestroyAsync(Key);
        State.SealedPersonalData = null;
        if (State.Service is { } service)
        {
            State.Service = service with { SealedPersonMet = null };
        }

        State.Seizures = [.. State.Seizures.Select(s => s with { SealedAssets = null })];
        State.Notes = [.. State.Notes.Select(n => n with { SealedText = null })];
        ForgetDisputeNotes();
        var documents = await DocumentsAsync();
        State.Documents = [.. State.Documents.Select(d => d with { Purged = true })];
        PurgeCommunications();
        State.PersonalDataPurged = true;
        State.PurgedAt = Now;
        foreach (var name in ProcedureReminders)
        {
            Context.CancelReminder(name);
        }

        MarkReached(DossierReminders.RetentionExpiry);
        Context.Journal(JournalKinds.PersonalDataPurged, new { documentIds = documents.Select(d => d.DocumentId).ToArray() });
        MoveTo(PurgePersonalData, DossierStatus.Purged, "retention expired: personal data destroyed");
    }
}
