using P4Orleans.Contracts;

namespace P4Orleans.Domain;

// The dates a reported act depends on. Every act is checked against today (Brussels, from the host's clock) and
// against the facts it follows; a violation is a conflict with the record (409), not a malformed field.
public sealed partial class DossierModel
{
    /// <summary>A date an act may not precede: <paramref name="Reason"/> is the stable code, <paramref name="What"/> the fact named.</summary>
    private readonly record struct NotBefore(DateOnly? Date, string What, string Reason);

    /// <summary>Refuses a date after today or before any of <paramref name="rules"/>.</summary>
    private void CheckActDate(DateOnly date, string field, params ReadOnlySpan<NotBefore> rules)
    {
        if (date > Today)
        {
            throw new ActDateConflictException(field, "after-today", $"{field} {date:yyyy-MM-dd} is in the future (today is {Today:yyyy-MM-dd}, Brussels).");
        }

        foreach (var rule in rules)
        {
            if (rule.Date is { } min && date < min)
            {
                throw new ActDateConflictException(field, rule.Reason, $"{field} {date:yyyy-MM-dd} is before the {rule.What} ({min:yyyy-MM-dd}).");
            }
        }
    }

    private NotBefore AfterIssue => new(State.IssueDate, "title's issue date", "before-issue");

    /// <summary>The current office's acceptance day: it did no act on the dossier before it took it.</summary>
    private NotBefore AfterAcceptance => new(State.AcceptedAt is { } at ? clock.Today(at) : null, "office's acceptance of the dossier", "before-acceptance");

    /// <summary>
    /// An executory seizure needs an executable title on its date: not before the command to pay expired (art. 40,
    /// the engine's 24-hour rule), not while an opposition was pending (art. 40: execution suspended), not while
    /// payment terms ran (LEGAL.md §1).
    /// </summary>
    private void CheckExecutoryDate(DateOnly date)
    {
        CheckActDate(date, "date", new NotBefore(State.Service?.ExecutableOn, "day the contrainte became executable (command to pay expired)", "before-executable"));
        if (State.Opposition is { } o && date >= o.FiledOn && (o.JudgmentDate is not { } judged || date < judged))
        {
            throw new ActDateConflictException("date", "during-opposition",
                $"date {date:yyyy-MM-dd} falls while the opposition of {o.FiledOn:yyyy-MM-dd} was pending: execution was suspended (art. 40).");
        }

        if (State.PaymentPlan is { } p && date >= p.Terms.GrantedOn && (p.EndedOn is not { } ended || date < ended))
        {
            throw new ActDateConflictException("date", "during-payment-plan",
                $"date {date:yyyy-MM-dd} falls while the payment terms granted on {p.Terms.GrantedOn:yyyy-MM-dd} ran: execution waited.");
        }

        CheckNotSuspendedByDispute();
    }
}
