namespace P4Orleans.Law;

/// <summary>Dates written out in French and Dutch, independent of the machine's culture data.</summary>
public static class DateText
{
    private static readonly string[] MonthsFr =
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    private static readonly string[] MonthsNl =
        ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];

    private static readonly string[] DaysFr = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];

    private static readonly string[] DaysNl = ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"];

    /// <summary>"1er juillet 2025", "15 septembre 2025".</summary>
    public static string French(DateOnly date) =>
        $"{(date.Day == 1 ? "1er" : date.Day.ToString(System.Globalization.CultureInfo.InvariantCulture))} {MonthsFr[date.Month - 1]} {date.Year}";

    /// <summary>"lundi 15 septembre 2025".</summary>
    public static string FrenchWithWeekday(DateOnly date) => $"{DaysFr[(int)date.DayOfWeek]} {French(date)}";

    /// <summary>"1 juli 2025".</summary>
    public static string Dutch(DateOnly date) => $"{date.Day} {MonthsNl[date.Month - 1]} {date.Year}";

    /// <summary>"maandag 15 september 2025".</summary>
    public static string DutchWithWeekday(DateOnly date) => $"{DaysNl[(int)date.DayOfWeek]} {Dutch(date)}";

    /// <summary>French name of the weekday.</summary>
    public static string WeekdayFrench(DateOnly date) => DaysFr[(int)date.DayOfWeek];

    /// <summary>Dutch name of the weekday.</summary>
    public static string WeekdayDutch(DateOnly date) => DaysNl[(int)date.DayOfWeek];
}
