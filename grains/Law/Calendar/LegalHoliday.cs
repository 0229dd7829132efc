namespace P4Orleans.Law;

/// <summary>A Belgian legal holiday (law of 4 January 1974) on a given date, with its names.</summary>
/// <param name="Date">The calendar date.</param>
/// <param name="Id">Stable identifier, e.g. <c>easter-monday</c>.</param>
/// <param name="NameFr">French name.</param>
/// <param name="NameNl">Dutch name.</param>
public sealed record LegalHoliday(DateOnly Date, string Id, string NameFr, string NameNl);

/// <summary>Why a day is not a working day in the sense of art. 53 of the Judicial Code.</summary>
/// <param name="Date">The day.</param>
/// <param name="Reason">Saturday, Sunday or legal holiday.</param>
/// <param name="Holiday">The holiday, when <paramref name="Reason"/> is <see cref="NonWorkingReason.LegalHoliday"/>.</param>
public sealed record NonWorkingDay(DateOnly Date, NonWorkingReason Reason, LegalHoliday? Holiday);

/// <summary>Reason a day is not a working day. A legal holiday on a weekend is reported as the holiday.</summary>
public enum NonWorkingReason
{
    Saturday,
    Sunday,
    LegalHoliday,
}
