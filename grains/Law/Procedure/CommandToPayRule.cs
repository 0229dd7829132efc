namespace P4Orleans.Law;

/// <summary>A dated version of when a contrainte served with a command to pay within 24 hours becomes executable.</summary>
public abstract class CommandToPayRule(string id, DateOnly validFrom) : RuleVersion(id, validFrom)
{
    /// <summary>The first calendar day (from 00:00 local time) on which execution may start.</summary>
    public abstract DateOnly ExecutableOn(DateOnly serviceDate);
}

/// <summary>
/// "Within 24 hours" has no counting rule in the Code. Documented choice: the contrainte is executable
/// once the calendar day after service has ended, i.e. from 00:00 on the second day after service.
/// </summary>
public sealed class CommandToPayAfterNextCalendarDay() : CommandToPayRule("command-to-pay-next-day-ended", DateOnly.MinValue)
{
    /// <inheritdoc />
    public override DateOnly ExecutableOn(DateOnly serviceDate) => serviceDate.AddDays(2);
}

/// <summary>When a served contrainte becomes executable.</summary>
/// <param name="ServiceDate">Date of service.</param>
/// <param name="ExecutableOn">First calendar day on which execution may start (from 00:00 Brussels time).</param>
/// <param name="ExecutableFromUtc">The same moment as a UTC instant.</param>
/// <param name="Explanation">Why.</param>
public sealed record CommandToPayResult(
    DateOnly ServiceDate,
    DateOnly ExecutableOn,
    DateTimeOffset ExecutableFromUtc,
    Explanation Explanation);
