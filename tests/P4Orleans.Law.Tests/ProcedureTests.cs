namespace P4Orleans.Law.Tests;

public sealed class ProcedureTests
{
    private readonly LawEngine engine = new();

    [Fact]
    public void opposition_deadline_moves_to_monday_when_it_ends_on_a_sunday()
    {
        // Served 23 February 2025: one month ends Sunday 23 March 2025.
        var deadline = engine.OppositionDeadline(new DateOnly(2025, 2, 23));
        Assert.Equal(new DateOnly(2025, 3, 24), deadline.LastDay);
        Assert.Equal(DayOfWeek.Monday, deadline.LastDay.DayOfWeek);
    }

    [Theory]
    [InlineData("2019-06-14", "opposition-15-days", "2019-07-01")]        // 15 days end Saturday 29 June -> Monday 1 July
    [InlineData("2019-06-16", "opposition-15-days", "2019-07-01")]        // last service under the 15-day rule
    [InlineData("2019-06-17", "opposition-one-month-2019", "2019-07-17")] // first service under the one-month rule
    [InlineData("2019-06-18", "opposition-one-month-2019", "2019-07-18")]
    public void the_opposition_window_is_the_version_in_force_on_the_service_date(string served, string version, string expected)
    {
        var deadline = engine.OppositionDeadline(DateOnly.Parse(served));
        Assert.Equal(version, deadline.Explanation.RuleVersionId);
        Assert.Equal(DateOnly.Parse(expected), deadline.LastDay);
    }

    [Fact]
    public void the_date_of_the_opposition_change_is_configuration()
    {
        var later = new LawEngine(new LawOptions { OppositionOneMonthFrom = new DateOnly(2019, 6, 26) });
        var deadline = later.OppositionDeadline(new DateOnly(2019, 6, 17));
        Assert.Equal("opposition-15-days", deadline.Explanation.RuleVersionId);
        Assert.Equal(new DateOnly(2019, 7, 2), deadline.LastDay);
    }

    [Theory]
    [InlineData("2018-06-29", "2018-07-16")] // starts 30 June, ends Saturday 14 July: not extended, art. 53 -> Monday
    [InlineData("2018-06-30", "2018-09-17")] // extended to Saturday 15 September, art. 53 -> Monday 17
    [InlineData("2018-07-15", "2018-09-17")]
    [InlineData("2018-07-31", "2018-09-17")]
    [InlineData("2018-08-01", "2018-09-17")]
    public void a_fifteen_day_opposition_before_2019_follows_the_vacation_rule(string served, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), engine.OppositionDeadline(DateOnly.Parse(served)).LastDay);
    }

    [Theory]
    [InlineData("2025-06-29", "2025-07-29")]
    [InlineData("2025-06-30", "2025-09-15")]
    [InlineData("2025-07-15", "2025-09-15")]
    [InlineData("2025-07-31", "2025-09-15")]
    [InlineData("2025-08-01", "2025-09-01")]
    public void a_one_month_opposition_follows_the_vacation_rule(string served, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), engine.OppositionDeadline(DateOnly.Parse(served)).LastDay);
    }

    [Theory]
    [InlineData(CountryGroup.NeighbouringOrGreatBritain, "2025-04-18")]
    [InlineData(CountryGroup.RestOfEurope, "2025-05-05")]
    [InlineData(CountryGroup.RestOfWorld, "2025-06-23")]
    public void an_opposition_by_a_debtor_abroad_is_extended_by_country_group(CountryGroup group, string expected)
    {
        var deadline = engine.OppositionDeadline(new DateOnly(2025, 3, 3), group);
        Assert.Equal(DateOnly.Parse(expected), deadline.LastDay);
        Assert.Contains(deadline.Explanation.Steps, s => s.Kind == StepKind.AbroadExtension && s.Article == "art. 55 C.jud.");
    }

    [Theory]
    [InlineData("2025-06-30", "2025-07-02", "2025-07-01T22:00:00Z")] // summer time: UTC+2
    [InlineData("2025-01-10", "2025-01-12", "2025-01-11T23:00:00Z")] // winter time: UTC+1
    [InlineData("2025-03-28", "2025-03-30", "2025-03-29T23:00:00Z")] // midnight before the switch to summer time
    [InlineData("2025-10-24", "2025-10-26", "2025-10-25T22:00:00Z")] // midnight before the switch to winter time
    public void a_contrainte_is_executable_once_the_calendar_day_after_service_has_ended(string served, string day, string instant)
    {
        var result = engine.CommandToPay(DateOnly.Parse(served));
        Assert.Equal(DateOnly.Parse(day), result.ExecutableOn);
        Assert.Equal(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), result.ExecutableFromUtc);
        Assert.Equal(TimeSpan.Zero, result.ExecutableFromUtc.Offset);
        Assert.Equal("command-to-pay-next-day-ended", result.Explanation.RuleVersionId);
    }

    [Theory]
    [InlineData("2025-03-03", BaseEvent.RegisteredLetter, "2025-04-07", "2025-04-08")]     // first day 6 March; 5 April Saturday -> 7 April
    [InlineData("2025-03-03", BaseEvent.ElectronicNotice, "2025-04-03", "2025-04-04")]     // eBox: from the next day
    [InlineData("2025-03-03", BaseEvent.RegisteredLetterWithAcknowledgement, "2025-04-03", "2025-04-04")]
    public void a_contrainte_may_be_issued_only_after_the_month_following_the_final_notice(string sent, BaseEvent channel, string waitEnd, string issueFrom)
    {
        var result = engine.FormalNotice(DateOnly.Parse(sent), channel);
        Assert.True(result.NoticeRequired);
        Assert.Equal(DateOnly.Parse(waitEnd), result.WaitLastDay);
        Assert.Equal(DateOnly.Parse(issueFrom), result.ContrainteMayBeIssuedFrom);
        Assert.Equal("formal-notice-one-month-2019", result.Explanation.RuleVersionId);
    }

    [Theory]
    [InlineData("2025-04-30", BaseEvent.ElectronicNotice, "2025-06-02", "2025-06-03")] // first day 1 May: 31 May (Saturday) -> Monday 2 June
    [InlineData("2027-02-24", BaseEvent.RegisteredLetter, "2027-03-31", "2027-04-01")] // first day Monday 1 March 2027: 31 March, not Easter Sunday 28 March
    [InlineData("2025-01-30", BaseEvent.RegisteredLetterWithAcknowledgement, "2025-02-28", "2025-03-01")] // first day 31 January: month end
    public void the_formal_notice_month_adds_one_month_to_the_first_day_and_ends_the_day_before(string sent, BaseEvent channel, string waitEnd, string issueFrom)
    {
        var result = engine.FormalNotice(DateOnly.Parse(sent), channel);
        Assert.Equal(DateOnly.Parse(waitEnd), result.WaitLastDay);
        Assert.Equal(DateOnly.Parse(issueFrom), result.ContrainteMayBeIssuedFrom);
    }

    [Theory]
    [InlineData("2024-04-30", "2024-05-31")] // first day 1 May: 31 May, not 30 May
    [InlineData("2025-02-28", "2025-03-31")] // first day 1 March: 31 March, not 28 March
    [InlineData("2024-02-29", "2024-04-02")] // first day 1 March 2024: 31 March is Easter Sunday -> Tuesday 2 April
    [InlineData("2025-09-30", "2025-10-31")]
    [InlineData("2025-01-30", "2025-02-28")] // first day 31 January: the last day of February
    public void the_opposition_month_adds_one_month_to_the_first_day_and_ends_the_day_before(string served, string expected)
    {
        var deadline = engine.OppositionDeadline(DateOnly.Parse(served));
        Assert.Equal(DateOnly.Parse(expected), deadline.LastDay);
        Assert.Equal("opposition-one-month-2019", deadline.Explanation.RuleVersionId);
    }

    [Fact]
    public void before_17_june_2019_no_final_notice_was_required()
    {
        var result = engine.FormalNotice(new DateOnly(2019, 5, 2));
        Assert.False(result.NoticeRequired);
        Assert.Null(result.WaitLastDay);
        Assert.Equal(new DateOnly(2019, 5, 2), result.ContrainteMayBeIssuedFrom);
        Assert.Equal("contrainte-without-notice", result.Explanation.RuleVersionId);
    }
}
