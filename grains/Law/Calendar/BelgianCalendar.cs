using System.Collections.Concurrent;

namespace P4Orleans.Law;

/// <summary>Legal holidays, working days and the judicial vacation.</summary>
public static class BelgianCalendar
{
    private static readonly RuleSet<HolidayLaw> Laws = new([new HolidayLaw1974()]);
    private static readonly ConcurrentDictionary<int, IReadOnlyList<LegalHoliday>> Cache = new();

    /// <summary>The ten legal holidays of <paramref name="year"/>, in date order.</summary>
    public static IReadOnlyList<LegalHoliday> LegalHolidays(int year) =>
        Cache.GetOrAdd(year, y => Laws.InForceOn(new DateOnly(y, 12, 31)).HolidaysOf(y));

    /// <summary>The legal holiday falling on <paramref name="date"/>, if any.</summary>
    public static LegalHoliday? HolidayOn(DateOnly date)
    {
        foreach (var holiday in LegalHolidays(date.Year))
        {
            if (holiday.Date == date)
            {
                return holiday;
            }
        }

        return null;
    }

    /// <summary>True unless the day is a Saturday, a Sunday or a legal holiday (art. 53 Judicial Code).</summary>
    public static bool IsWorkingDay(DateOnly date) => WhyNotWorking(date) is null;

    /// <summary>Why <paramref name="date"/> is not a working day, or null when it is one.</summary>
    public static NonWorkingDay? WhyNotWorking(DateOnly date)
    {
        var holiday = HolidayOn(date);
        if (holiday is not null)
        {
            return new NonWorkingDay(date, NonWorkingReason.LegalHoliday, holiday);
        }

        return date.DayOfWeek switch
        {
            DayOfWeek.Saturday => new NonWorkingDay(date, NonWorkingReason.Saturday, null),
            DayOfWeek.Sunday => new NonWorkingDay(date, NonWorkingReason.Sunday, null),
            _ => null,
        };
    }

    /// <summary>
    /// The first working day on or after <paramref name="date"/>, with the non-working days passed over
    /// (empty when <paramref name="date"/> is itself a working day).
    /// </summary>
    public static (DateOnly Day, IReadOnlyList<NonWorkingDay> Skipped) NextWorkingDayOnOrAfter(DateOnly date)
    {
        var skipped = new List<NonWorkingDay>();
        var day = date;
        while (WhyNotWorking(day) is { } reason)
        {
            skipped.Add(reason);
            day = day.AddDays(1);
        }

        return (day, skipped);
    }

    /// <summary>The <paramref name="count"/>-th working day after <paramref name="date"/> (the date itself excluded).</summary>
    public static DateOnly AddWorkingDays(DateOnly date, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var day = date;
        var remaining = count;
        while (remaining > 0)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                remaining--;
            }
        }

        return day;
    }

    /// <summary>True from 1 July to 31 August inclusive: the judicial vacation (art. 334 Judicial Code).</summary>
    public static bool IsInJudicialVacation(DateOnly date) => date.Month is 7 or 8;

    /// <summary>15 September: the 15th day of the judicial year that follows the vacation of <paramref name="year"/>.</summary>
    public static DateOnly VacationExtensionDay(int year) => new(year, 9, 15);
}
