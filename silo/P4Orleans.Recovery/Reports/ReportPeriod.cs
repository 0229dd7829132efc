using System.Globalization;
using System.Text.RegularExpressions;

namespace P4Orleans.Recovery.Reports;

/// <summary>
/// A report's period: whole Europe/Brussels calendar days from <see cref="From"/> to <see cref="To"/>, both included.
/// Written <c>2026-11-05</c> (a day), <c>2026-11</c> (a month), <c>2026-Q3</c> (a quarter) or
/// <c>2026-11-05..2026-11-20</c> (a range, also given as <c>?from=&amp;to=</c>).
/// </summary>
public sealed partial record ReportPeriod(DateOnly From, DateOnly To)
{
    /// <summary>The longest range a report covers (a year and a day: a leap year's whole year fits).</summary>
    public const int MaxDays = 366;

    /// <summary>The period's name: the syntax it is asked with, normalised (a range is always written as a range).</summary>
    public string Name => From.Day == 1 && To == From.AddMonths(1).AddDays(-1)
        ? From.ToString("yyyy-MM", CultureInfo.InvariantCulture)
        : From == To ? From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : From.Day == 1 && From.Month % 3 == 1 && To == From.AddMonths(3).AddDays(-1)
            ? string.Create(CultureInfo.InvariantCulture, $"{From.Year}-Q{(From.Month + 2) / 3}")
            : string.Create(CultureInfo.InvariantCulture, $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}");

    /// <summary>Parses a period, or says what is wrong with it.</summary>
    public static bool TryParse(string? text, out ReportPeriod? period, out string error)
    {
        period = null;
        error = "";
        text = text?.Trim() ?? "";
        var quarter = QuarterPattern().Match(text);
        if (quarter.Success)
        {
            var year = int.Parse(quarter.Groups[1].Value, CultureInfo.InvariantCulture);
            var q = quarter.Groups[2].Value[0] - '0';
            var start = new DateOnly(year, 3 * q - 2, 1);
            return Checked(start, start.AddMonths(3).AddDays(-1), out period, out error);
        }

        if (MonthPattern().IsMatch(text) && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            return Checked(month, month.AddMonths(1).AddDays(-1), out period, out error);
        }

        if (TryDay(text, out var day))
        {
            return Checked(day, day, out period, out error);
        }

        var range = text.Split("..");
        if (range.Length == 2)
        {
            return TryRange(range[0], range[1], out period, out error);
        }

        error = "The period is a day (2026-11-05), a month (2026-11), a quarter (2026-Q3) or a range (2026-11-05..2026-11-20).";
        return false;
    }

    /// <summary>Parses an explicit range of days, both included.</summary>
    public static bool TryRange(string? from, string? to, out ReportPeriod? period, out string error)
    {
        period = null;
        if (!TryDay(from?.Trim(), out var start) || !TryDay(to?.Trim(), out var end))
        {
            error = "A range needs two dates written yyyy-MM-dd.";
            return false;
        }

        return Checked(start, end, out period, out error);
    }

    private static bool Checked(DateOnly from, DateOnly to, out ReportPeriod? period, out string error)
    {
        period = null;
        error = "";
        if (to < from)
        {
            error = "The period ends before it starts.";
            return false;
        }

        if (to.DayNumber - from.DayNumber + 1 > MaxDays)
        {
            error = $"A report covers at most {MaxDays} days.";
            return false;
        }

        if (from.Year < 2000)
        {
            error = "The period starts before the year 2000.";
            return false;
        }

        period = new ReportPeriod(from, to);
        return true;
    }

    private static bool TryDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    [GeneratedRegex(@"^(\d{4})-Q([1-4])$", RegexOptions.CultureInvariant)]
    private static partial Regex QuarterPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthPattern();
}
