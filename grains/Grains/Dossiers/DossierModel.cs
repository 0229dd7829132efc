using System.Text;
using P4Orleans.Contracts;
using P4Orleans.Grains;
using P4Orleans.Law;

namespace P4Orleans.Domain;

/// <summary>
/// One enforceable title against one debtor (key: dossier id). This file holds the turn helpers; the commands
/// are split by concern: assignment, procedure, money, outcome, reminders, views. Every status change goes
/// through <see cref="DossierLifecycle"/>. Journal entries and the timeline never hold personal data: free
/// text and everything naming a person is sealed with the dossier's data key.
/// </summary>
public sealed partial class DossierModel(LawEngine law, IPersonalDataVault vault, DossierOptions options, IDossierTimeline? timeline = null)
    : GrainModel<DossierState>
{
    private readonly IDossierTimeline timeline = timeline ?? NoStoredTimeline.Instance;

    // The ledger's stored entries this activation has seen, numbered from _storedLedgerFirst (DossierModel.Money.cs).
    private List<LedgerEntry> _storedLedger = [];
    private long _storedLedgerFirst;

    private readonly LegalClock clock = LegalClock.For(law);

    private DateOnly Today => clock.Today(Now);

    /// <summary>Throws unless the dossier exists and <paramref name="command"/> is allowed in its status.</summary>
    private void Require(DossierCommand command)
    {
        RequireExists();
        DossierLifecycle.Ensure(State.Status, command);
    }

    private void RequireExists()
    {
        if (!State.Exists)
        {
            throw new DossierNotFoundException(Key);
        }
    }

    /// <summary>An office acts only on its own dossier; checked before the status so that nothing leaks.</summary>
    private void RequireOffice(string? officeId)
    {
        RequireExists();
        if (string.IsNullOrEmpty(officeId) || !string.Equals(State.AssignedOfficeId, officeId, StringComparison.Ordinal))
        {
            throw new NotAssignedOfficeException(Key, officeId ?? "");
        }
    }

    /// <summary>Applies a row of the lifecycle table, with a timeline entry and, when the status changes, a journal entry.</summary>
    private void MoveTo(DossierCommand command, DossierStatus to, string detail)
    {
        var from = State.Status;
        DossierLifecycle.EnsureTarget(from, command, to);
        State.Status = to;
        State.LastChangedAt = Now;
        State.AddTimeline(new TimelineRecord(Now, command.ToString(), to, detail));
        if (from != to)
        {
            Context.Journal(JournalKinds.Transition, new { from = from.ToString(), command = command.ToString(), to = to.ToString(), detail });
        }
    }

    /// <summary>Records a date, sets its reminder, journals its explanation and puts it in the timeline (set or moved).</summary>
    private void SetDeadline(KeyDate date)
    {
        var previous = State.KeyDates.TryGetValue(date.Name, out var p) && !p.Reached ? p : null;
        State.PutKeyDate(date);
        Context.SetReminder(date.Name, date.DueAt);
        Context.Journal(JournalKinds.DeadlineSet, DossierIntake.DeadlineEntry(date));
        if (previous is null)
        {
            State.AddTimeline(DeadlineTimeline.Set(Now, State.Status, date));
        }
        else if (previous.Date != date.Date || previous.DueAt != date.DueAt)
        {
            State.AddTimeline(DeadlineTimeline.Moved(Now, State.Status, previous, date));
        }
    }

    /// <summary>Cancels a date that no longer applies (keeps the ones already reached, for the record).</summary>
    private void ClearDeadline(string name, string why, string? french = null, string? dutch = null)
    {
        Context.CancelReminder(name);
        if (State.KeyDates.TryGetValue(name, out var date) && !date.Reached)
        {
            State.KeyDates.Remove(name);
            State.AddTimeline(DeadlineTimeline.Cancelled(Now, State.Status, date, why, french, dutch));
        }
    }

    private void MarkReached(string name)
    {
        if (State.KeyDates.TryGetValue(name, out var date) && !date.Reached)
        {
            State.KeyDates[name] = date with { Reached = true };
            Context.Journal(JournalKinds.DeadlineReached, new { name, date = date.Date, ruleId = date.RuleId });
            State.AddTimeline(DeadlineTimeline.Reached(Now, State.Status, date));
        }
    }

    /// <summary>True when the date <paramref name="name"/> is pending and due.</summary>
    private bool IsDue(string name) =>
        State.KeyDates.TryGetValue(name, out var date) && !date.Reached && Now >= date.DueAt;

    private void Escalate(EscalationKind kind, string detail)
    {
        State.Escalations.Add(new EscalationRecord(kind, Now, detail));
        State.AddTimeline(new TimelineRecord(Now, JournalKinds.Escalated, State.Status, $"{kind}: {detail}"));
        Context.Journal(JournalKinds.Escalated, new { kind = kind.ToString(), detail });
    }

    /// <summary>
    /// Recomputes the prescription from the facts and resets its two reminders; the timeline shows a move only
    /// when a date changed (an interruption, a suspension), not at every recomputation.
    /// </summary>
    private void RefreshPrescription()
    {
        var result = DossierDeadlines.Prescription(State, law);
        if (State.HasOutcome || State.Status == DossierStatus.Purged)
        {
            ClearDeadline(DossierReminders.PrescriptionWarning, "the procedure is over");
            ClearDeadline(DossierReminders.Prescription, "the procedure is over");
            return;
        }

        if (result.SuspendedIndefinitely)
        {
            var e = result.Explanation;
            const string Why = "suspended while the opposition is pending";
            ClearDeadline(DossierReminders.PrescriptionWarning, Why, e.French, e.Dutch);
            ClearDeadline(DossierReminders.Prescription, Why, e.French, e.Dutch);
            Context.Journal(JournalKinds.DeadlineSet, new
            {
                name = DossierReminders.Prescription,
                date = (DateOnly?)null,
                ruleId = e.RuleVersionId,
                french = e.French,
                dutch = e.Dutch,
            });
            return;
        }

        foreach (var date in DossierDeadlines.PrescriptionDates(result, options, clock))
        {
            SetDeadline(date);
        }
    }

    private async Task<string?> SealTextAsync(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : await vault.SealAsync(Key, Encoding.UTF8.GetBytes(text.Trim()));

    private async Task<string?> UnsealTextAsync(string? sealedValue)
    {
        if (sealedValue is null)
        {
            return null;
        }

        var bytes = await vault.UnsealAsync(Key, sealedValue);
        return bytes is null ? null : Encoding.UTF8.GetString(bytes);
    }

    private async Task AddNoteAsync(string kind, string? text)
    {
        var sealedText = await SealTextAsync(text);
        if (sealedText is not null)
        {
            State.Notes.Add(new NoteRecord(Now, kind, sealedText));
        }
    }

    private static void Check(bool ok, string field, string message)
    {
        if (!ok)
        {
            throw new DossierValidationException(field, message);
        }
    }
}
