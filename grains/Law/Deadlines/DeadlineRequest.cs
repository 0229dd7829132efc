namespace P4Orleans.Law;

/// <summary>Unit of a procedural deadline.</summary>
public enum DeadlineUnit
{
    Days,
    Months,
}

/// <summary>A procedural deadline to compute under art. 48-57 of the Judicial Code.</summary>
/// <param name="Subject">What the deadline is.</param>
/// <param name="Event">The triggering event (service, registered letter, ...).</param>
/// <param name="EventDate">Date of the event (for a registered letter: presentation, or posting).</param>
/// <param name="Length">Number of days or months.</param>
/// <param name="Unit">Days or months.</param>
/// <param name="VacationExtensionApplies">True for an opposition or appeal deadline (art. 50 al. 2).</param>
/// <param name="Residence">Country group of the party, for art. 55.</param>
/// <param name="RuleVersionId">The rule version that set the length, quoted in the explanation.</param>
public sealed record DeadlineRequest(
    DeadlineSubject Subject,
    BaseEvent Event,
    DateOnly EventDate,
    int Length,
    DeadlineUnit Unit,
    bool VacationExtensionApplies,
    CountryGroup Residence = CountryGroup.Belgium,
    string RuleVersionId = "judicial-code-art-48-57");

/// <summary>A computed deadline: the first day counted, the last day to act, and why.</summary>
/// <param name="FirstDay">First day counted (dies a quo, art. 52 / 53bis).</param>
/// <param name="LastDay">Last day on which the act may still be done (included).</param>
/// <param name="Explanation">Base event, rule version and each step.</param>
public sealed record ComputedDeadline(DateOnly FirstDay, DateOnly LastDay, Explanation Explanation);
