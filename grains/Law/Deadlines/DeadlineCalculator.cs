namespace P4Orleans.Law;

/// <summary>
/// Procedural deadlines under the Judicial Code. Order of the steps: first day (art. 52 / 53bis),
/// counting (art. 53 / 54), abroad extension (art. 55, added to the deadline itself), judicial-vacation
/// extension (art. 50 al. 2, judged on the extended deadline), then the working-day shift (art. 53).
/// </summary>
public static class DeadlineCalculator
{
    /// <summary>Computes <paramref name="request"/> with the art. 55 extensions of <paramref name="options"/>.</summary>
    public static ComputedDeadline Compute(DeadlineRequest request, LawOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Length, 1);

        var steps = new List<ExplanationStep>();
        var first = FirstDay(request.Event, request.EventDate, out var firstArticle);
        steps.Add(new ExplanationStep(StepKind.FirstDay, firstArticle, first));

        var last = Count(request, first, steps);

        var extension = CountryGroups.ExtensionDays(request.Residence, options.AbroadExtensions);
        if (extension > 0)
        {
            // Art. 55: the extension lengthens the deadline before any vacation or working-day rule.
            last = last.AddDays(extension);
            steps.Add(new ExplanationStep(StepKind.AbroadExtension, "art. 55 C.jud.", last, extension,
                Detail: CountryGroups.Code(request.Residence)));
        }

        if (request.VacationExtensionApplies
            && BelgianCalendar.IsInJudicialVacation(first)
            && BelgianCalendar.IsInJudicialVacation(last))
        {
            // Art. 50 al. 2: starts and ends in the vacation: extended to the 15th day of the judicial year.
            last = BelgianCalendar.VacationExtensionDay(last.Year);
            steps.Add(new ExplanationStep(StepKind.VacationExtension, "art. 50 al. 2 C.jud.", last));
        }

        var (working, skipped) = BelgianCalendar.NextWorkingDayOnOrAfter(last);
        if (skipped.Count > 0)
        {
            // Art. 53: a last day on a Saturday, Sunday or legal holiday moves to the next working day.
            last = working;
            steps.Add(new ExplanationStep(StepKind.WorkingDayShift, "art. 53 C.jud.", last, Skipped: skipped));
        }

        var explanation = new Explanation(request.Subject, request.Event, request.EventDate, request.RuleVersionId, steps, last);
        return new ComputedDeadline(first, last, explanation);
    }

    /// <summary>The first day counted after an event (art. 52 and 53bis).</summary>
    public static DateOnly FirstDay(BaseEvent baseEvent, DateOnly eventDate, out string article)
    {
        switch (baseEvent)
        {
            case BaseEvent.RegisteredLetterWithAcknowledgement:
                article = "art. 53bis 1° C.jud.";
                return eventDate.AddDays(1);
            case BaseEvent.RegisteredLetter:
                article = "art. 53bis 2° C.jud.";
                return BelgianCalendar.AddWorkingDays(eventDate, 3);
            default:
                article = "art. 52 C.jud.";
                return eventDate.AddDays(1);
        }
    }

    private static DateOnly Count(DeadlineRequest request, DateOnly first, List<ExplanationStep> steps)
    {
        if (request.Unit == DeadlineUnit.Days)
        {
            // Art. 52-53: every calendar day counts, the last day included.
            var lastDay = first.AddDays(request.Length - 1);
            steps.Add(new ExplanationStep(StepKind.CountDays, "art. 53 C.jud.", lastDay, request.Length));
            return lastDay;
        }

        // Art. 54: from a date to the day before the same date; counted from the day before the first
        // day, the deadline ends on the same date N months later.
        var anchor = first.AddDays(-1);
        var last = anchor.AddMonths(request.Length);
        steps.Add(new ExplanationStep(StepKind.CountMonths, "art. 54 C.jud.", last, request.Length));
        if (last.Day != anchor.Day)
        {
            // The same date does not exist in that month (e.g. 31 January -> February): AddMonths has
            // taken the last day of the month, the documented choice.
            steps.Add(new ExplanationStep(StepKind.MonthEndClamped, "art. 54 C.jud.", last));
        }

        return last;
    }
}
