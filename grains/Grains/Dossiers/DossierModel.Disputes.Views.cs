using P4Orleans.Contracts;

namespace P4Orleans.Domain;

// The disputes as each audience reads them: free text unsealed for Operators and ONSS, never for an office.
public sealed partial class DossierModel
{
    private async Task<DisputesView> DisputesOfAsync(bool withNotes)
    {
        var book = State.Disputes;
        if (book.Amicable.Count == 0 && book.Judicial.Count == 0)
        {
            return DisputesView.None;
        }

        var amicable = new List<AmicableDisputeView>();
        foreach (var a in book.Amicable)
        {
            amicable.Add(new AmicableDisputeView(a.DisputeId, a.Ground, a.RaisedBy, a.Channel, a.OfficeId, a.ReceivedOn, a.DecideBy, a.Overdue, a.OperatorId,
                a.Outcome, a.DecidedOn, a.CorrectedToCents,
                withNotes ? await UnsealTextAsync(a.SealedNote) : null,
                withNotes ? await UnsealTextAsync(a.SealedDecisionNote) : null));
        }

        return new DisputesView(
            amicable,
            [.. book.Judicial.Select(j => new JudicialDisputeView(j.DisputeId, j.Kind, j.Court, j.FiledOn, j.SeizureIds, j.Hearings, j.SuspendsExecution,
                j.Outcome, j.DecidedOn, j.ReformedTo, j.ReducedToCents))],
            book.ExecutionSuspended,
            book.SuspendedBy,
            book.SuspendedSeizureIds,
            [.. book.LiftedSeizureIds]);
    }

    /// <summary>Purge: the disputes' free text goes with the rest of the personal data; codes, dates and amounts stay.</summary>
    private void ForgetDisputeNotes()
    {
        var book = State.Disputes;
        book.Amicable = [.. book.Amicable.Select(a => a with { SealedNote = null, SealedDecisionNote = null })];
    }
}
