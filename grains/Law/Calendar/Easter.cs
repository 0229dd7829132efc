namespace P4Orleans.Law;

/// <summary>Easter Sunday by the Gregorian computus.</summary>
public static class Easter
{
    /// <summary>Easter Sunday of <paramref name="year"/> (Gregorian calendar, years 1583 to 9999).</summary>
    public static DateOnly Sunday(int year)
    {
        if (year is < 1583 or > 9999)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, "The Gregorian computus applies from 1583 to 9999.");
        }

        // Anonymous Gregorian algorithm: golden number, century corrections, epact, then weekday.
        var golden = year % 19;
        var century = year / 100;
        var yearOfCentury = year % 100;
        var leapCenturies = century / 4;
        var centuryRest = century % 4;
        var lunarCorrection = (century - ((century + 8) / 25) + 1) / 3;
        var epact = ((19 * golden) + century - leapCenturies - lunarCorrection + 15) % 30;
        var leapYears = yearOfCentury / 4;
        var yearRest = yearOfCentury % 4;
        var weekday = (32 + (2 * centuryRest) + (2 * leapYears) - epact - yearRest) % 7;
        var correction = (golden + (11 * epact) + (22 * weekday)) / 451;
        var sum = epact + weekday - (7 * correction) + 114;
        return new DateOnly(year, sum / 31, (sum % 31) + 1);
    }
}
