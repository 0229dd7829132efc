using P4Orleans.Contracts;
using static P4Orleans.Contracts.DossierCommand;

namespace P4Orleans.Domain;

// Intake, dispatch, acceptance, refusal, reassignment.
public sealed partial class DossierModel
{
    /// <inheritdoc />
    public async Task<SubmissionOutcome> SubmitAsync(TitleSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (State.Exists)
        {
            // Idempotent on the reference: same payload is a duplicate, another payload a conflict.
            if (State.Reference == submission.Reference && State.PayloadHash == SubmissionHash.Compute(submission))
            {
                return new SubmissionOutcome(Key, true, State.Status);
            }

            throw new SubmissionConflictException(Key, State.Reference);
        }

        var result = DossierIntake.Intake(submission, new IntakeContext(Key, Now, law, options), State);
        if (result.Accepted is not { } accepted)
        {
            throw new DossierValidationException(result.Errors);
        }

        accepted.Seal(await vault.SealAsync(Key, accepted.PersonalData));
        foreach (var reminder in accepted.Reminders)
        {
            Context.SetReminder(reminder.Name, reminder.DueAt);
        }

        foreach (var entry in accepted.Journal)
        {
            Context.Journal(entry.Kind, entry.Data);
        }

        return new SubmissionOutcome(Key, false, State.Status);
    }

    /// <inheritdoc />
    public Task AssignAsync(string officeId, string explanation)
    {
        Require(Assign);
        Check(!string.IsNullOrWhiteSpace(officeId), "officeId", "The office is required.");
        RequireNotExcluded(officeId);
        AssignTo(officeId, string.IsNullOrWhiteSpace(explanation) ? $"office {officeId}" : explanation.Trim());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task AssignByOperatorAsync(OfficeFacts office, string reason)
    {
        ArgumentNullException.ThrowIfNull(office);
        Require(Assign);
        RequireEligible(office);

        // The Operator's reason is free text (it may name people): sealed as a note, never in the explanation.
        await AddNoteAsync("assignment", reason);
        AssignTo(office.OfficeId, $"manual decision by an Operator: office {office.OfficeId}, arrondissement {office.ArrondissementId}");
    }

    /// <summary>
    /// Only an existing, active office competent for the dossier's arrondissement (art. 513 Judicial Code) may be
    /// chosen by hand, and not one excluded from the dossier. A dossier with no arrondissement (foreign or
    /// non-geographic address) takes the office's: that is the manual decision it waited for.
    /// </summary>
    private void RequireEligible(OfficeFacts office)
    {
        Check(!string.IsNullOrWhiteSpace(office.OfficeId), "officeId", "The office is required.");
        if (office.Status != BailiffStatus.Active)
        {
            var reason = office.Status == BailiffStatus.Departed ? "office-departed" : "office-suspended";
            throw new OfficeNotEligibleException(Key, office.OfficeId, reason,
                $"Office {office.OfficeId} is {office.Status.ToString().ToLowerInvariant()}: only an active office takes dossiers.");
        }

        if (string.Equals(State.AssignedOfficeId, office.OfficeId, StringComparison.Ordinal))
        {
            throw new OfficeNotEligibleException(Key, office.OfficeId, "same-office", $"The dossier is already assigned to office {office.OfficeId}.");
        }

        RequireNotExcluded(office.OfficeId);
        if (State.ArrondissementId is null)
        {
            State.ArrondissementId = office.ArrondissementId;
            Context.Journal(JournalKinds.Competence, new { arrondissementId = office.ArrondissementId, basis = "operator-decision" });
            return;
        }

        if (!string.Equals(State.ArrondissementId, office.ArrondissementId, StringComparison.Ordinal))
        {
            throw new OfficeNotEligibleException(Key, office.OfficeId, "other-arrondissement",
                $"Office {office.OfficeId} acts in arrondissement {office.ArrondissementId}; the dossier belongs to {State.ArrondissementId} (art. 513 Judicial Code).");
        }
    }

    private void RequireNotExcluded(string officeId)
    {
        if (State.ExcludedOfficeIds.Contains(officeId))
        {
            throw new OfficeNotEligibleException(Key, officeId, "office-excluded",
                $"Office {officeId} refused this dossier, missed its acceptance deadline or was taken off it.");
        }
    }

    private void AssignTo(string officeId, string explanation, DossierCommand command = Assign)
    {
        State.AssignedOfficeId = officeId;
        State.AssignedAt = Now;
        State.DispatchExplanation = explanation;
        State.ManualDecisionReason = null;
        MoveTo(command, DossierStatus.Assigned, explanation);
        Context.Journal(JournalKinds.Dispatched, new { officeId, explanation });
        SetDeadline(DossierDeadlines.Acceptance(Now, options, clock));
            }

    /// <inheritdoc />
    public Task RequireManualDecisionAsync(string reason)
    {
        Require(RequireManualDecision);
        State.ManualDecisionReason = string.IsNullOrWhiteSpace(reason) ? "unspecified" : reason.Trim();
        MoveTo(RequireManualDecision, DossierStatus.NeedsManualDecision, $"manual decision: {State.ManualDecisionReason}");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task AcceptAsync(string officeId)
    {
        RequireOffice(officeId);
        Require(Accept);
        ClearDeadline(DossierReminders.AcceptanceDeadline, $"accepted by office {officeId}");
        State.InterventionOpen = true;
        State.InterventionClosedAt = null;
        State.AcceptedAt = Now;
        var target = State.ResumeStatus is { } resume ? ResumeTarget(resume) : DossierStatus.Accepted;
        State.ResumeStatus = null;
        MoveTo(Accept, target, $"accepted by office {officeId}");
        AfterResume(target);
        Context.Journal(JournalKinds.OfficeAccepted, new { officeId });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task RefuseAsync(string officeId, RefusalReason reason, string? note)
    {
        RequireOffice(officeId);
        Require(Refuse);
        await AddNoteAsync("refusal", note);
        LeaveOffice(officeId);
        MoveTo(Refuse, DossierStatus.AwaitingDispatch, $"refused by office {officeId} ({reason}); back to dispatch without it");
        Context.Journal(JournalKinds.OfficeRefused, new { officeId, reason = reason.ToString() });
    }

    /// <inheritdoc />
    public async Task ReassignAsync(OfficeFacts? office, string reason)
    {
        Require(Reassign);
        if (office is not null)
        {
            RequireEligible(office);
        }

        await AddNoteAsync("reassignment", reason);
        TakeFromOffice(office?.OfficeId, "reassigned by an Operator");
    }

    /// <summary>An office suspended or departed asks its dossiers to move (idempotent: re-checks the assignment).</summary>
    public Task ReassignFromOfficeAsync(ReassignmentRequested message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!State.Exists || State.AppliedMessages.Contains(message.MessageId))
        {
            // No such dossier (nothing to write), or this request was applied already.
            return Task.CompletedTask;
        }

        State.RememberMessage(message.MessageId);
        if (State.AssignedOfficeId != message.OfficeId)
        {
            Context.Journal(JournalKinds.Ignored, new { message = "reassignment-requested", officeId = message.OfficeId });
            return Task.CompletedTask;
        }

        if (message.MovedToArrondissementId is { } moved && (State.ArrondissementId == moved || State.HasOutcome))
        {
            // The office moved but stays competent for this dossier (or has finished its work on it).
            Context.Journal(JournalKinds.Ignored, new { message = "reassignment-requested", officeId = message.OfficeId, reason = "still competent" });
            return Task.CompletedTask;
        }

        if (State.HasOutcome && State.InterventionOpen)
        {
            // The office left after the outcome: its intervention ends with it, and the retention period starts.
            CloseInterventionCore($"office {message.OfficeId} {message.OfficeStatus}: intervention closed");
            return Task.CompletedTask;
        }

        if (!DossierLifecycle.Table.IsPermitted(State.Status, Reassign))
        {
            Context.Journal(JournalKinds.Ignored, new { message = "reassignment-requested", status = State.Status.ToString() });
            return Task.CompletedTask;
        }

        TakeFromOffice(null, message.MovedToArrondissementId is { } to
            ? $"office {message.OfficeId} moved to arrondissement {to}: no longer competent"
            : $"office {message.OfficeId} {message.OfficeStatus}");
        return Task.CompletedTask;
    }

    /// <summary>Takes the dossier from its office, keeping the procedure's progress, then assigns or re-dispatches it.</summary>
    private void TakeFromOffice(string? newOfficeId, string why)
    {
        var previous = State.AssignedOfficeId;
        if (State.Status != DossierStatus.Assigned)
        {
            State.ResumeStatus = State.Status == DossierStatus.Accepted ? null : State.Status;
        }

        ClearDeadline(DossierReminders.ServiceDeadline, why);
        if (previous is not null)
        {
            LeaveOffice(previous);
            Context.Journal(JournalKinds.OfficeReleased, new { officeId = previous, reason = "reassigned" });
        }

        if (newOfficeId is not null)
        {
            AssignTo(newOfficeId, $"{why}: office {newOfficeId}", Reassign);
            return;
        }

        MoveTo(Reassign, DossierStatus.AwaitingDispatch, $"{why}; back to dispatch");
    }

    /// <summary>The office leaves the dossier and is excluded from its next dispatch.</summary>
    private void LeaveOffice(string officeId)
    {
        ClearDeadline(DossierReminders.AcceptanceDeadline, $"office {officeId} left the dossier");
        if (!State.ExcludedOfficeIds.Contains(officeId))
        {
            State.ExcludedOfficeIds.Add(officeId);
        }

        State.AssignedOfficeId = null;
        State.AssignedAt = null;
        State.AcceptedAt = null;
        State.InterventionOpen = false;
    }

    /// <summary>Where the procedure stands now, from its facts: used to resume after an opposition, a plan or a change of office.</summary>
    private DossierStatus ProcedureStatus()
    {
        if (State.Service is not { } service)
        {
            return DossierStatus.Accepted;
        }

        if (Now < service.ExecutableFromUtc)
        {
            return DossierStatus.Served;
        }

        return State.Seizures.Any(s => s.Nature == SeizureNature.Executory) ? DossierStatus.Seizure : DossierStatus.Executable;
    }

    private DossierStatus ResumeTarget(DossierStatus resume) =>
        resume is DossierStatus.Opposed or DossierStatus.PaymentPlan ? resume : ProcedureStatus();

    /// <summary>Re-arms the dates of the status resumed.</summary>
    private void AfterResume(DossierStatus status)
    {
        if (status == DossierStatus.Accepted && State.Service is null)
        {
            SetDeadline(DossierDeadlines.Service(Now, options, clock));
        }
        else if (status == DossierStatus.Served && State.Service is { } service)
        {
            SetDeadline(DossierDeadlines.Executable(law.CommandToPay(service.Date)));
        }
    }
}
