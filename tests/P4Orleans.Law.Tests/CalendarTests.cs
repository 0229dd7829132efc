namespace P4Orleans.Law.Tests;

public sealed class CalendarTests
{
    public static TheoryData<int, string, string> Holidays2024To2027()
    {
        var data = new TheoryData<int, string, string>();
        (int Year, string Easter, string Ascension, string Whit)[] moving =
        [
            (2024, "2024-04-01", "2024-05-09", "2024-05-20"),
            (2025, "2025-04-21", "2025-05-29", "2025-06-09"),
            (2026, "2026-04-06", "2026-05-14", "2026-05-25"),
            (2027, "2027-03-29", "2027-05-06", "2027-05-17"),
        ];
        foreach (var (year, easterMonday, ascension, whit) in moving)
        {
            data.Add(year, "new-year", $"{year}-01-01");
            data.Add(year, "easter-monday", easterMonday);
            data.Add(year, "labour-day", $"{year}-05-01");
            data.Add(year, "ascension", ascension);
            data.Add(year, "whit-monday", whit);
            data.Add(year, "national-day", $"{year}-07-21");
            data.Add(year, "assumption", $"{year}-08-15");
            data.Add(year, "all-saints", $"{year}-11-01");
            data.Add(year, "armistice", $"{year}-11-11");
            data.Add(year, "christmas", $"{year}-12-25");
        }

        return data;
    }

    [Theory]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2000, "2000-04-23")]
    [InlineData(2038, "2038-04-25")]
    public void easter_sunday_follows_the_gregorian_computus(int year, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), Easter.Sunday(year));
    }

    [Theory]
    [MemberData(nameof(Holidays2024To2027))]
    public void every_legal_holiday_of_2024_to_2027_falls_on_its_date(int year, string id, string expected)
    {
        var holiday = Assert.Single(BelgianCalendar.LegalHolidays(year), h => h.Id == id);
        Assert.Equal(DateOnly.Parse(expected), holiday.Date);
        Assert.False(BelgianCalendar.IsWorkingDay(holiday.Date));
        Assert.Equal(id, BelgianCalendar.HolidayOn(holiday.Date)?.Id);
    }

    [Theory]
    [InlineData(2024)]
    [InlineData(2025)]
    [InlineData(2026)]
    [InlineData(2027)]
    public void a_year_has_exactly_ten_legal_holidays_with_french_and_dutch_names(int year)
    {
        var holidays = BelgianCalendar.LegalHolidays(year);
        Assert.Equal(10, holidays.Count);
        Assert.All(holidays, h => Assert.False(string.IsNullOrWhiteSpace(h.NameFr) || string.IsNullOrWhiteSpace(h.NameNl)));
        Assert.Equal(holidays.OrderBy(h => h.Date), holidays);
    }

    [Theory]
    [InlineData("2027-11-02", true)]   // 2 November is not a legal holiday
    [InlineData("2026-11-02", true)]
    [InlineData("2025-12-26", true)]   // 26 December is not a legal holiday
    [InlineData("2025-04-18", true)]   // Good Friday is not a legal holiday
    [InlineData("2025-03-22", false)]  // Saturday
    [InlineData("2025-03-23", false)]  // Sunday
    [InlineData("2025-04-21", false)]  // Easter Monday
    [InlineData("2025-03-24", true)]   // ordinary Monday
    public void working_day_test_knows_weekends_and_legal_holidays(string date, bool working)
    {
        Assert.Equal(working, BelgianCalendar.IsWorkingDay(DateOnly.Parse(date)));
    }

    [Theory]
    [InlineData("2025-06-30", false)]
    [InlineData("2025-07-01", true)]
    [InlineData("2025-08-31", true)]
    [InlineData("2025-09-01", false)]
    public void judicial_vacation_runs_from_1_july_to_31_august(string date, bool inVacation)
    {
        Assert.Equal(inVacation, BelgianCalendar.IsInJudicialVacation(DateOnly.Parse(date)));
    }

    [Fact]
    public void a_saturday_that_is_also_a_holiday_is_reported_as_the_holiday()
    {
        // 1 November 2025 is a Saturday and All Saints.
        var reason = BelgianCalendar.WhyNotWorking(new DateOnly(2025, 11, 1));
        Assert.Equal(NonWorkingReason.LegalHoliday, reason?.Reason);
        Assert.Equal("Toussaint", reason?.Holiday?.NameFr);
    }

    [Theory]
    [InlineData("2025-03-03", 3, "2025-03-06")]  // Monday + 3 working days = Thursday
    [InlineData("2025-04-18", 3, "2025-04-24")]  // Good Friday: Easter Monday skipped
    [InlineData("2025-03-07", 1, "2025-03-10")]  // Friday + 1 = Monday
    public void adding_working_days_skips_weekends_and_holidays(string start, int count, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), BelgianCalendar.AddWorkingDays(DateOnly.Parse(start), count));
    }
}
