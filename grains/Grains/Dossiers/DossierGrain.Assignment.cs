using P4Orleans.Contracts;
using P4Orleans.Grains;
using static P4Orleans.Contracts.DossierCommand;

namespace P4Orleans.Domain;

// Intake, dispatch, acceptance, refusal, reassignment.
public sealed partial class DossierGrain
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
        Check(!State.ExcludedOfficeIds.Contains(officeId), "officeId",
            $"Office {officeId} refused this dossier, missed its acceptance deadline or was taken off it.");
        AssignTo(officeId, string.IsNullOrWhiteSpace(explanation) ? $"office {officeId}" : explanation.Trim());
        return Task.CompletedTask;
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
        Context.Send(Office(officeId), new DossierAssigned(Key, officeId, Now));
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
        ClearDeadline(DossierReminders.AcceptanceDeadline);
        State.InterventionOpen = true;
        State.InterventionClosedAt = null;
        var target = State.ResumeStatus is { } resume ? ResumeTarget(resume) : DossierStatus.Accepted;
        State.ResumeStatus = null;
        MoveTo(Accept, target, $"accepted by office {officeId}");
        AfterResume(target);
        Context.Send(Office(officeId), new DossierAccepted(Key, officeId, Now));
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
        Context.Send(Office(officeId), new DossierRefused(Key, officeId, reason, Now));
    }

    /// <inheritdoc />
    public async Task ReassignAsync(string? officeId, string reason)
    {
        Require(Reassign);
        await AddNoteAsync("reassignment", reason);
        TakeFromOffice(officeId, "reassigned by an Operator");
    }

    /// <summary>An office suspended or departed asks its dossiers to move (idempotent: re-checks the assignment).</summary>
    public Task ReceiveAsync(ReassignmentRequested message, MessageInfo info)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!State.Exists || State.AssignedOfficeId != message.OfficeId)
        {
            Context.Journal(JournalKinds.Ignored, new { message = MessageNames.ReassignmentRequested, officeId = message.OfficeId });
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
            Context.Journal(JournalKinds.Ignored, new { message = MessageNames.ReassignmentRequested, status = State.Status.ToString() });
            return Task.CompletedTask;
        }

        TakeFromOffice(null, $"office {message.OfficeId} {message.OfficeStatus}");
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

        ClearDeadline(DossierReminders.ServiceDeadline);
        if (previous is not null)
        {
            LeaveOffice(previous);
            Context.Send(Office(previous), new DossierReleased(Key, previous, "reassigned"));
        }

        if (newOfficeId is not null)
        {
            Check(!State.ExcludedOfficeIds.Contains(newOfficeId), "officeId", $"Office {newOfficeId} is excluded from this dossier.");
            AssignTo(newOfficeId, $"{why}: office {newOfficeId}", Reassign);
            return;
        }

        MoveTo(Reassign, DossierStatus.AwaitingDispatch, $"{why}; back to dispatch");
    }

    /// <summary>The office leaves the dossier and is excluded from its next dispatch.</summary>
    private void LeaveOffice(string officeId)
    {
        ClearDeadline(DossierReminders.AcceptanceDeadline);
        if (!State.ExcludedOfficeIds.Contains(officeId))
        {
            State.ExcludedOfficeIds.Add(officeId);
        }

        State.AssignedOfficeId = null;
        State.AssignedAt = null;
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
