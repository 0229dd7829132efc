namespace P4Orleans.Law;

/// <summary>
/// Prescription of ONSS claims. The period runs date to date in years from the due date; an interruption
/// restarts a full period from its own date; a suspension lengthens the period by its number of days
/// (both ends included). Never shifted by art. 53 of the Judicial Code.
/// </summary>
public static class PrescriptionCalculator
{
    private const string Article42 = "art. 42 L. 27.06.1969";
    private const string Article40 = "art. 40 L. 27.06.1969";

    /// <summary>Contributions of a quarter are due on the last day of the month after the quarter.</summary>
    public static DateOnly ContributionDueDate(int year, int quarter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quarter, 4);
        var monthAfter = new DateOnly(year, quarter * 3, 1).AddMonths(1);
        return monthAfter.AddDays(DateTime.DaysInMonth(monthAfter.Year, monthAfter.Month) - 1);
    }

    /// <summary>Computes the prescription date of <paramref name="request"/> under <paramref name="rule"/>.</summary>
    public static PrescriptionResult Compute(PrescriptionRequest request, PrescriptionRule rule)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rule);
        var years = rule.Years(request.Fraud);
        var anchor = request.DueDate;
        var expiry = anchor.AddYears(years);
        var steps = new List<ExplanationStep>
        {
            new(StepKind.PrescriptionPeriod, Article42, expiry, years, Detail: request.Fraud ? "fraud" : null),
        };
        var applied = new List<(DateOnly From, DateOnly Until)>();
        var pending = false;

        foreach (var item in Chronology(request))
        {
            if (item.Interruption is { } interruption)
            {
                if (interruption.Date < anchor)
                {
                    continue;
                }

                var kind = KindCode(interruption.Kind);
                if (interruption.Date > expiry)
                {
                    steps.Add(new ExplanationStep(StepKind.InterruptionIgnored, Article42, expiry, From: interruption.Date, Detail: kind));
                    continue;
                }

                // Interruption: a new full period from the act, plus what remains of a suspension still running.
                anchor = interruption.Date;
                var remaining = applied.Sum(s => Math.Max(0, s.Until.DayNumber - anchor.DayNumber));
                expiry = anchor.AddYears(years).AddDays(remaining);
                steps.Add(new ExplanationStep(StepKind.Interruption, Article42, expiry, years, From: anchor, Detail: kind));
                continue;
            }

            var suspension = item.Suspension!;
            if (suspension.From > expiry)
            {
                steps.Add(new ExplanationStep(StepKind.InterruptionIgnored, Article40, expiry, From: suspension.From, Detail: "opposition"));
                continue;
            }

            if (suspension.Until is not { } until)
            {
                steps.Add(new ExplanationStep(StepKind.SuspensionPending, Article40, suspension.From, From: suspension.From));
                pending = true;
                break;
            }

            if (until < suspension.From)
            {
                throw new ArgumentException($"A suspension ends ({until:yyyy-MM-dd}) before it starts ({suspension.From:yyyy-MM-dd}).", nameof(request));
            }

            var days = until.DayNumber - suspension.From.DayNumber + 1;
            expiry = expiry.AddDays(days);
            applied.Add((suspension.From, until));
            steps.Add(new ExplanationStep(StepKind.Suspension, Article40, expiry, days, From: suspension.From, Until: until));
        }

        DateOnly? result = pending ? null : expiry;
        steps.Add(new ExplanationStep(StepKind.NeverShifted, "art. 53 C.jud. inapplicable", expiry));
        var explanation = new Explanation(DeadlineSubject.Prescription, BaseEvent.DueDate, request.DueDate, rule.Id, steps, result);
        return new PrescriptionResult(request.DueDate, result, pending, explanation);
    }

    private static IEnumerable<(DateOnly Date, PrescriptionInterruption? Interruption, PrescriptionSuspension? Suspension)> Chronology(PrescriptionRequest request)
    {
        var interruptions = (request.Interruptions ?? []).Select(i => (i.Date, (PrescriptionInterruption?)i, (PrescriptionSuspension?)null));
        var suspensions = (request.Suspensions ?? []).Select(s => (s.From, (PrescriptionInterruption?)null, (PrescriptionSuspension?)s));
        // Same day: the interruption is taken first, then the suspension runs on the new period.
        return interruptions.Concat(suspensions).OrderBy(e => e.Item1).ThenBy(e => e.Item2 is null ? 1 : 0);
    }

    private static string KindCode(InterruptionKind kind) => kind switch
    {
        InterruptionKind.Summons => "summons",
        InterruptionKind.CommandToPay => "command-to-pay",
        InterruptionKind.Seizure => "seizure",
        _ => "registered-letter",
    };
}
