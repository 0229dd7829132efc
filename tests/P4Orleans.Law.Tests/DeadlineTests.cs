namespace P4Orleans.Law.Tests;

public sealed class DeadlineTests
{
    private static readonly LawOptions Defaults = new();

    private static ComputedDeadline Days(string served, int days, bool vacation = false, CountryGroup residence = CountryGroup.Belgium) =>
        DeadlineCalculator.Compute(new DeadlineRequest(DeadlineSubject.Generic, BaseEvent.Service, DateOnly.Parse(served), days,
            DeadlineUnit.Days, vacation, residence), Defaults);

    private static ComputedDeadline Months(string served, int months, bool vacation = false, BaseEvent baseEvent = BaseEvent.Service) =>
        DeadlineCalculator.Compute(new DeadlineRequest(DeadlineSubject.Generic, baseEvent, DateOnly.Parse(served), months,
            DeadlineUnit.Months, vacation), Defaults);

    [Theory]
    [InlineData("2025-03-07", "2025-03-22", "2025-03-24")] // ends on a Saturday -> Monday
    [InlineData("2025-03-08", "2025-03-23", "2025-03-24")] // ends on a Sunday -> Monday
    [InlineData("2025-04-06", "2025-04-21", "2025-04-22")] // ends on Easter Monday -> Tuesday
    [InlineData("2025-10-27", "2025-11-11", "2025-11-12")] // ends on 11 November -> Wednesday
    [InlineData("2025-04-04", "2025-04-19", "2025-04-22")] // Saturday, Sunday, Easter Monday -> Tuesday
    [InlineData("2025-03-10", "2025-03-25", "2025-03-25")] // a Tuesday: no shift
    public void a_fifteen_day_deadline_counts_from_the_next_day_and_moves_to_the_next_working_day(string served, string rawEnd, string expected)
    {
        var deadline = Days(served, 15);
        Assert.Equal(DateOnly.Parse(served).AddDays(1), deadline.FirstDay);
        Assert.Equal(DateOnly.Parse(rawEnd), deadline.Explanation.Steps.Single(s => s.Kind == StepKind.CountDays).Date);
        Assert.Equal(DateOnly.Parse(expected), deadline.LastDay);
        Assert.Equal(rawEnd != expected, deadline.Explanation.Steps.Any(s => s.Kind == StepKind.WorkingDayShift));
    }

    [Fact]
    public void the_working_day_shift_names_the_holiday_it_passes_over()
    {
        var shift = Days("2025-04-04", 15).Explanation.Steps.Single(s => s.Kind == StepKind.WorkingDayShift);
        Assert.Equal(
            [NonWorkingReason.Saturday, NonWorkingReason.Sunday, NonWorkingReason.LegalHoliday],
            shift.Skipped!.Select(d => d.Reason));
        Assert.Equal("easter-monday", shift.Skipped![2].Holiday!.Id);
    }

    [Theory]
    [InlineData("2025-09-23", "2025-10-24", "2025-10-23")] // the article's own example: first day 24 September
    [InlineData("2025-04-30", "2025-06-01", "2025-05-31")] // first day 1 May: 31 May, not 30 May
    [InlineData("2024-04-30", "2024-06-01", "2024-05-31")]
    [InlineData("2025-02-28", "2025-04-01", "2025-03-31")] // first day 1 March: 31 March, not 28 March
    [InlineData("2025-01-31", "2025-03-01", "2025-02-28")] // first day 1 February: the day before 1 March
    [InlineData("2024-01-31", "2024-03-01", "2024-02-29")] // leap year: the day before 1 March is 29 February
    [InlineData("2025-03-31", "2025-05-01", "2025-04-30")]
    [InlineData("2025-09-30", "2025-11-01", "2025-10-31")]
    [InlineData("2025-11-30", "2026-01-01", "2025-12-31")] // the date found is in the next year
    [InlineData("2025-12-31", "2026-02-01", "2026-01-31")] // the first day is in the next year
    [InlineData("2024-02-28", "2024-03-29", "2024-03-28")] // first day 29 February
    [InlineData("2025-01-27", "2025-02-28", "2025-02-27")]
    [InlineData("2024-01-28", "2024-02-29", "2024-02-28")] // 29 February exists in a leap year
    public void a_month_deadline_adds_the_months_to_the_first_day_and_ends_the_day_before(string served, string found, string last)
    {
        var count = Months(served, 1).Explanation.Steps.Single(s => s.Kind == StepKind.CountMonths);
        Assert.Equal(DateOnly.Parse(found), count.From);
        Assert.Equal(DateOnly.Parse(last), count.Date);
        Assert.DoesNotContain(Months(served, 1).Explanation.Steps, s => s.Kind == StepKind.MonthEndClamped);
    }

    [Theory]
    [InlineData("2025-01-30", "2025-02-28")] // first day 31 January: no 31 February -> last day of February
    [InlineData("2025-01-29", "2025-02-28")] // first day 30 January
    [InlineData("2025-01-28", "2025-02-28")] // first day 29 January, no 29 February in 2025
    [InlineData("2024-01-30", "2024-02-29")] // leap year: first day 31 January -> 29 February
    [InlineData("2024-01-29", "2024-02-29")] // leap year: first day 30 January -> 29 February
    [InlineData("2025-03-30", "2025-04-30")] // first day 31 March: no 31 April
    [InlineData("2025-05-30", "2025-06-30")] // first day 31 May: no 31 June
    [InlineData("2025-08-30", "2025-09-30")] // first day 31 August: no 31 September
    [InlineData("2025-10-30", "2025-11-30")] // first day 31 October: no 31 November (a Sunday, before art. 53)
    public void a_month_deadline_whose_first_day_number_is_missing_in_the_final_month_ends_on_that_months_last_day(string served, string last)
    {
        var steps = Months(served, 1).Explanation.Steps;
        var clamp = steps.Single(s => s.Kind == StepKind.MonthEndClamped);
        Assert.Equal(DateOnly.Parse(last), clamp.Date);
        Assert.Equal(DateOnly.Parse(served).AddDays(1).Day, clamp.Quantity);
        Assert.Null(steps.Single(s => s.Kind == StepKind.CountMonths).From);
    }

    [Theory]
    [InlineData("2025-04-30", "2025-06-02")] // 31 May 2025 is a Saturday -> Monday 2 June
    [InlineData("2026-04-30", "2026-06-01")] // 31 May 2026 is a Sunday -> Monday 1 June
    [InlineData("2024-02-29", "2024-04-02")] // 31 March 2024 is Easter Sunday, 1 April Easter Monday -> Tuesday 2 April
    [InlineData("2025-10-31", "2025-12-01")] // first day 1 November (a holiday, still counted): 30 November, a Sunday -> Monday
    [InlineData("2025-12-31", "2026-02-02")] // 31 January 2026 is a Saturday -> Monday 2 February
    [InlineData("2025-10-30", "2025-12-01")] // month end 30 November, a Sunday -> Monday
    [InlineData("2025-02-28", "2025-03-31")] // a Monday: no shift
    public void the_working_day_shift_applies_to_the_last_day_of_a_month_deadline(string served, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), Months(served, 1).LastDay);
    }

    [Theory]
    [InlineData("2025-11-30", 3, "2026-03-02")]  // first day 1 December + 3 months = 1 March: 28 February 2026 (Saturday) -> Monday
    [InlineData("2023-02-28", 12, "2024-02-29")] // first day 1 March 2023 + 12 months = 1 March 2024: 29 February 2024
    [InlineData("2024-02-29", 12, "2025-02-28")] // first day 1 March 2024 + 12 months = 1 March 2025: 28 February 2025
    [InlineData("2024-02-28", 12, "2025-02-28")] // first day 29 February 2024: no 29 February 2025 -> month end
    [InlineData("2025-08-31", 6, "2026-03-02")]  // first day 1 September + 6 months = 1 March 2026: 28 February (Saturday) -> Monday
    [InlineData("2025-08-30", 6, "2026-03-02")]  // first day 31 August: no 31 February -> 28 February (Saturday) -> Monday
    [InlineData("2025-05-14", 2, "2025-07-14")]  // first day 15 May + 2 months = 15 July: 14 July, a Monday
    public void a_deadline_of_several_months_follows_the_same_rule(string served, int months, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), Months(served, months).LastDay);
    }

    [Fact]
    public void a_registered_letter_with_acknowledgement_counts_from_the_day_after_presentation()
    {
        var deadline = Months("2025-03-03", 1, baseEvent: BaseEvent.RegisteredLetterWithAcknowledgement);
        Assert.Equal(new DateOnly(2025, 3, 4), deadline.FirstDay);
        Assert.Equal(new DateOnly(2025, 4, 3), deadline.LastDay);
        Assert.Equal("art. 53bis 1° C.jud.", deadline.Explanation.Steps[0].Article);
    }

    [Theory]
    [InlineData("2025-03-03", "2025-03-06", "2025-04-07")] // Thursday first day; 5 April is a Saturday -> Monday 7 April
    [InlineData("2025-04-18", "2025-04-24", "2025-05-23")] // posted Good Friday: Easter Monday is not a working day
    public void a_plain_registered_letter_counts_from_the_third_working_day_after_posting(string posted, string firstDay, string lastDay)
    {
        var deadline = Months(posted, 1, baseEvent: BaseEvent.RegisteredLetter);
        Assert.Equal(DateOnly.Parse(firstDay), deadline.FirstDay);
        Assert.Equal(DateOnly.Parse(lastDay), deadline.LastDay);
        Assert.Equal("art. 53bis 2° C.jud.", deadline.Explanation.Steps[0].Article);
    }

    [Theory]
    [InlineData("2025-06-29", "2025-07-14")] // starts 30 June: not extended
    [InlineData("2025-06-30", "2025-09-15")] // starts 1 July, ends 15 July: extended
    [InlineData("2025-07-15", "2025-09-15")] // ends 30 July: extended
    [InlineData("2025-07-31", "2025-09-15")] // ends 15 August: extended
    [InlineData("2025-08-01", "2025-09-15")] // starts 2 August, ends 16 August: extended
    public void a_fifteen_day_opposition_deadline_in_the_judicial_vacation_is_extended_to_15_september(string served, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), Days(served, 15, vacation: true).LastDay);
    }

    [Theory]
    [InlineData("2025-06-29", "2025-07-29")] // starts 30 June: not extended
    [InlineData("2025-06-30", "2025-09-15")] // starts 1 July, ends 31 July: extended
    [InlineData("2026-06-30", "2026-09-15")] // starts 1 July, ends 31 July 2026: extended (a Tuesday)
    [InlineData("2025-07-15", "2025-09-15")] // ends 15 August: extended
    [InlineData("2025-07-30", "2025-09-15")] // starts 31 July, ends 30 August: extended
    [InlineData("2025-07-31", "2025-09-15")] // starts 1 August, ends Sunday 31 August: extended before art. 53
    [InlineData("2025-08-01", "2025-09-01")] // ends 1 September: not extended
    [InlineData("2025-08-30", "2025-09-30")] // starts 31 August, ends 30 September (month end): not extended
    [InlineData("2018-06-29", "2018-07-30")] // ends Sunday 29 July 2018: art. 53 only
    [InlineData("2018-06-30", "2018-09-17")] // extended to Saturday 15 September 2018, then art. 53 -> Monday 17
    [InlineData("2018-08-01", "2018-09-03")] // ends Saturday 1 September 2018: not extended, art. 53 -> Monday 3
    public void a_one_month_opposition_deadline_in_the_judicial_vacation_is_extended_to_15_september(string served, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), Months(served, 1, vacation: true).LastDay);
    }

    [Fact]
    public void a_deadline_that_is_not_an_opposition_or_appeal_is_never_extended_by_the_vacation()
    {
        Assert.Equal(new DateOnly(2025, 7, 31), Months("2025-06-30", 1, vacation: false).LastDay);
    }

    [Theory]
    [InlineData(CountryGroup.Belgium, "2025-04-03")]
    [InlineData(CountryGroup.NeighbouringOrGreatBritain, "2025-04-18")] // +15: Good Friday is a working day
    [InlineData(CountryGroup.RestOfEurope, "2025-05-05")]               // +30 = Saturday 3 May -> Monday 5 May
    [InlineData(CountryGroup.RestOfWorld, "2025-06-23")]                // +80 = Sunday 22 June -> Monday 23 June
    public void a_debtor_abroad_gets_the_article_55_extension_before_the_working_day_shift(CountryGroup group, string expected)
    {
        var deadline = DeadlineCalculator.Compute(new DeadlineRequest(DeadlineSubject.Opposition, BaseEvent.Service,
            new DateOnly(2025, 3, 3), 1, DeadlineUnit.Months, true, group), Defaults);
        Assert.Equal(DateOnly.Parse(expected), deadline.LastDay);
    }

    [Theory]
    [InlineData("2025-07-01", "NL", "2025-09-15")] // 1 August + 15 = 16 August: still in the vacation -> extended
    [InlineData("2025-07-20", "DE", "2025-09-04")] // 20 August + 15 = 4 September: the extension leaves the vacation
    [InlineData("2025-06-20", "FR", "2025-08-04")] // starts 21 June: never extended
    public void the_abroad_extension_is_added_before_the_vacation_rule_is_judged(string served, string country, string expected)
    {
        var deadline = DeadlineCalculator.Compute(new DeadlineRequest(DeadlineSubject.Opposition, BaseEvent.Service,
            DateOnly.Parse(served), 1, DeadlineUnit.Months, true, CountryGroups.Classify(country)), Defaults);
        Assert.Equal(DateOnly.Parse(expected), deadline.LastDay);
    }

    [Fact]
    public void the_unverified_abroad_extensions_come_from_the_options()
    {
        var options = new LawOptions { AbroadExtensions = { RestOfWorldDays = 10 } };
        var deadline = DeadlineCalculator.Compute(new DeadlineRequest(DeadlineSubject.Generic, BaseEvent.Service,
            new DateOnly(2025, 3, 3), 15, DeadlineUnit.Days, false, CountryGroup.RestOfWorld), options);
        Assert.Equal(new DateOnly(2025, 3, 28), deadline.LastDay); // 18 March + 10 = 28 March, a Friday
    }

    [Theory]
    [InlineData("BE", CountryGroup.Belgium)]
    [InlineData("nl", CountryGroup.NeighbouringOrGreatBritain)]
    [InlineData("DE", CountryGroup.NeighbouringOrGreatBritain)]
    [InlineData("LU", CountryGroup.NeighbouringOrGreatBritain)]
    [InlineData("FR", CountryGroup.NeighbouringOrGreatBritain)]
    [InlineData("GB", CountryGroup.NeighbouringOrGreatBritain)]
    [InlineData("ES", CountryGroup.RestOfEurope)]
    [InlineData("PL", CountryGroup.RestOfEurope)]
    [InlineData("CA", CountryGroup.RestOfWorld)]
    [InlineData("TR", CountryGroup.RestOfWorld)]
    public void countries_fall_into_the_article_55_groups(string code, CountryGroup expected)
    {
        Assert.Equal(expected, CountryGroups.Classify(code));
    }
}
