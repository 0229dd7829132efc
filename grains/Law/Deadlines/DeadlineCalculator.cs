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

        var first = FirstDay(request.Event, request.EventDate, out var firstArticle);
        return ComputeFrom(request, options, first, [new ExplanationStep(StepKind.FirstDay, firstArticle, first)]);
    }

    /// <summary>
    /// Computes <paramref name="request"/> from a first day already found (a communication's receipt, whose first
    /// day may depend on more than the event's date), quoting <paramref name="firstDaySteps"/> as its first steps.
    /// </summary>
    public static ComputedDeadline ComputeFrom(DeadlineRequest request, LawOptions options, DateOnly first, IReadOnlyList<ExplanationStep> firstDaySteps)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(firstDaySteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Length, 1);
        var steps = new List<ExplanationStep>(firstDaySteps);

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

        return CountMonths(first, request.Length, steps);
    }

    /// <summary>
    /// Art. 54 with art. 52, "de quantième à veille de quantième": add the months to the FIRST day
    /// counted; the last day is the day before the date found. When the first day's number does not
    /// exist in the final month (first day 31 January + 1 month), the period ends on the last day of
    /// that month (grains/Law/README.md states the reading and its source).
    /// </summary>
    private static DateOnly CountMonths(DateOnly first, int months, List<ExplanationStep> steps)
    {
        var monthStart = new DateOnly(first.Year, first.Month, 1).AddMonths(months);
        var daysInMonth = DateTime.DaysInMonth(monthStart.Year, monthStart.Month);
        if (first.Day > daysInMonth)
        {
            // No such day in the final month: the period ends on that month's last day, not the day
            // before it (the "date found" would be the day after the month's end).
            var monthEnd = new DateOnly(monthStart.Year, monthStart.Month, daysInMonth);
            steps.Add(new ExplanationStep(StepKind.CountMonths, "art. 54 C.jud.", monthEnd, months));
            steps.Add(new ExplanationStep(StepKind.MonthEndClamped, "art. 54 C.jud.", monthEnd, first.Day));
            return monthEnd;
        }

        var found = new DateOnly(monthStart.Year, monthStart.Month, first.Day);
        var last = found.AddDays(-1);
        steps.Add(new ExplanationStep(StepKind.CountMonths, "art. 54 C.jud.", last, months, From: found));
        return last;
    }
}
