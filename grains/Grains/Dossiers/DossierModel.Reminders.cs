using P4Orleans.Contracts;
using P4Orleans.Grains;
using static P4Orleans.Contracts.DossierCommand;

namespace P4Orleans.Domain;

// Reminder handlers: each re-checks the state (the world may have moved since it was set) and is idempotent.
public sealed partial class DossierModel
{
    /// <inheritdoc />
    public async Task ReceiveReminderAsync(ReminderTick tick)
    {
        ArgumentNullException.ThrowIfNull(tick);
        if (State.Exists && await CommunicationReminderAsync(tick))
        {
            return;
        }

        if (!State.Exists || !IsDue(tick.Name))
        {
            Context.Journal(JournalKinds.Ignored, new { reminder = tick.Name, status = State.Status.ToString() });
            return;
        }

        switch (tick.Name)
        {
            case DossierReminders.AcceptanceDeadline:
                AcceptanceDeadlinePassed();
                break;
            case DossierReminders.ServiceDeadline:
                MarkReached(tick.Name);
                if (State.Status == DossierStatus.Accepted && State.Service is null)
                {
                    Escalate(EscalationKind.ServiceDeadlineMissed, $"not served by office {State.AssignedOfficeId} within {options.ServiceDeadlineDays} days of acceptance");
                }

                break;
            case DossierReminders.Executable:
                MarkReached(tick.Name);
                if (State.Status == DossierStatus.Served)
                {
                    MoveTo(BecomeExecutable, DossierStatus.Executable, "the command to pay expired: execution may start");
                }

                break;
            case DossierReminders.OppositionWindowEnd:
                MarkReached(tick.Name);
                State.OppositionWindowClosed = State.Opposition is null;
                break;
            case DossierReminders.PrescriptionWarning:
                MarkReached(tick.Name);
                Escalate(EscalationKind.PrescriptionNear, $"prescription on {State.KeyDates[DossierReminders.Prescription].Date:yyyy-MM-dd}");
                break;
            case DossierReminders.Prescription:
                PrescriptionReached();
                break;
            case DossierReminders.RetentionExpiry:
                if (State.HasOutcome && !State.InterventionOpen)
                {
                    await PurgeAsync();
                }

                break;
            case var name when DisputeDeadlines.IsDisputeDate(name):
                DisputeDateReached(name);
                break;
            default:
                Context.Journal(JournalKinds.Ignored, new { reminder = tick.Name });
                break;
        }
    }

    /// <summary>Missed acceptance: the office is excluded and the dossier goes back to dispatch.</summary>
    private void AcceptanceDeadlinePassed()
    {
        MarkReached(DossierReminders.AcceptanceDeadline);
        if (State.Status != DossierStatus.Assigned || State.AssignedOfficeId is not { } office)
        {
            return;
        }

        var due = State.KeyDates[DossierReminders.AcceptanceDeadline].DueAt;
        LeaveOffice(office);
        MoveTo(MissAcceptance, DossierStatus.AwaitingDispatch, $"office {office} did not accept by {due:u}; back to dispatch without it");
        Context.Journal(JournalKinds.OfficeMissedAcceptance, new { officeId = office, dueAt = due });
    }

    /// <summary>The claim's last day passed: checked again from the facts (a late interruption may have moved it).</summary>
    private void PrescriptionReached()
    {
        var result = DossierDeadlines.Prescription(State, law);
        if (result.IsPrescribedOn(Today))
        {
            MarkReached(DossierReminders.Prescription);
            Escalate(EscalationKind.Prescribed, $"claim prescribed since {result.ExpiresOn!.Value.AddDays(1):yyyy-MM-dd} ({result.Explanation.RuleVersionId})");
            return;
        }

        RefreshPrescription();
    }
}
