using P4Orleans.Testing;

namespace P4Orleans.Browser.Tests;

/// <summary>
/// The clock the browser gateway runs on: whatever the real hour, a run starts at 10:00 in Brussels on the real Brussels
/// date, so the pages and the tests never see a midnight pass during a run (what made a hearing's refusal flaky).
/// </summary>
public sealed class MorningClockTests
{
    private static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    [Theory]
    [InlineData("2026-12-04T22:59:59Z", "2026-12-04")] // 23:59:59 in Brussels (winter)
    [InlineData("2026-12-04T23:00:01Z", "2026-12-05")] // 00:00:01 in Brussels
    [InlineData("2026-12-05T09:00:00Z", "2026-12-05")] // exactly 10:00: no shift
    [InlineData("2027-03-28T00:30:00Z", "2027-03-28")] // 01:30, the night the clocks go forward
    [InlineData("2027-03-28T21:59:00Z", "2027-03-28")] // 23:59 summer time
    [InlineData("2027-10-31T00:30:00Z", "2027-10-31")] // 02:30 summer time, before the clocks go back
    [InlineData("2027-10-31T01:30:00Z", "2027-10-31")] // 02:30 again, winter time
    [InlineData("2028-02-29T22:00:00Z", "2028-02-29")] // 23:00 on a leap day
    public void a_run_starts_at_ten_in_brussels_on_the_real_date_and_keeps_that_date_for_thirteen_hours(string real, string date)
    {
        var now = DateTimeOffset.Parse(real, System.Globalization.CultureInfo.InvariantCulture);
        var start = now + MorningClock.ShiftToMorning(now);

        var local = TimeZoneInfo.ConvertTime(start, Brussels);
        Assert.Equal((DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), new TimeOnly(10, 0)),
            (DateOnly.FromDateTime(local.DateTime), TimeOnly.FromDateTime(local.DateTime)));
        Assert.Equal(MorningClock.DateOf(start), MorningClock.DateOf(start + TimeSpan.FromHours(13)));
    }

    [Fact]
    public void ten_in_brussels_is_no_shift_at_all()
    {
        Assert.Equal(TimeSpan.Zero, MorningClock.ShiftToMorning(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero)));
        Assert.Equal(TimeSpan.Zero, MorningClock.ShiftToMorning(new DateTimeOffset(2027, 7, 1, 8, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void the_platform_clock_runs_at_the_real_pace_from_a_brussels_morning()
    {
        // A run of this suite is far shorter than the fourteen hours from 10:00 to midnight.
        Assert.InRange(TimeZoneInfo.ConvertTime(MorningClock.UtcNow, Brussels).Hour, 10, 23);
        // The real clock read on both sides: the platform's now is the real now moved by the run's fixed shift.
        var before = TimeProvider.System.GetUtcNow();
        var platform = MorningClock.UtcNow;
        var after = TimeProvider.System.GetUtcNow();
        Assert.InRange(platform - MorningClock.Shift, before, after);
    }
}
