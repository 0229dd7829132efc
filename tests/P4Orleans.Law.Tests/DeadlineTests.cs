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
    [InlineData("2025-09-23", "2025-10-23")] // the article's own example
    [InlineData("2025-01-31", "2025-02-28")] // month-end: 31 February does not exist -> last day of February
    [InlineData("2024-01-31", "2024-02-29")] // leap year
    [InlineData("2025-03-31", "2025-04-30")] // 31 April does not exist
    [InlineData("2025-02-28", "2025-03-28")] // date to date, not month end to month end
    public void a_month_deadline_runs_date_to_date(string served, string expected)
    {
        var deadline = Months(served, 1);
        Assert.Equal(DateOnly.Parse(expected), deadline.LastDay);
    }

    [Theory]
    [InlineData("2025-01-31", true)]
    [InlineData("2025-03-31", true)]
    [InlineData("2025-09-23", false)]
    public void the_month_end_case_is_recorded_in_the_explanation(string served, bool clamped)
    {
        Assert.Equal(clamped, Months(served, 1).Explanation.Steps.Any(s => s.Kind == StepKind.MonthEndClamped));
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
    [InlineData("2025-06-30", "2025-09-15")] // starts 1 July, ends 30 July: extended
    [InlineData("2025-07-15", "2025-09-15")] // ends 15 August: extended
    [InlineData("2025-07-31", "2025-09-15")] // starts 1 August, ends 31 August: extended
    [InlineData("2025-08-01", "2025-09-01")] // ends 1 September: not extended
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
        Assert.Equal(new DateOnly(2025, 7, 30), Months("2025-06-30", 1, vacation: false).LastDay);
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
