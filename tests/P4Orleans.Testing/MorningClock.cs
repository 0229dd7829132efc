namespace P4Orleans.Testing;

/// <summary>
/// A platform clock for the suites that run a gateway on real time (pages, forms, the browser): the real clock's pace,
/// set once per test run so that the run starts at 10:00 in Brussels on the real Brussels date. A run that crossed a
/// Brussels midnight would see a page's "today" differ from the "today" the test computed a moment before (a dispute
/// filed yesterday, a hearing refused for a date that has become valid); fourteen hours of margin rule that out. The
/// tests read "now" and "today" from here; tokens and certificates keep the real clock.
/// </summary>
public static class MorningClock
{
    private static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    /// <summary>How far <see cref="Platform"/> is from the real clock, fixed for the run (initialised first: the clock below uses it).</summary>
    public static TimeSpan Shift { get; } = ShiftToMorning(TimeProvider.System.GetUtcNow());

    /// <summary>The clock to register as the gateway's platform clock.</summary>
    public static TimeProvider Platform { get; } = new Shifted(Shift);

    /// <summary>Now, by <see cref="Platform"/>.</summary>
    public static DateTimeOffset UtcNow => Platform.GetUtcNow();

    /// <summary>Today in Brussels, by <see cref="Platform"/>.</summary>
    public static DateOnly Today => DateOf(UtcNow);

    /// <summary>The Brussels date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Brussels).DateTime);

    /// <summary>How far 10:00 in Brussels, on the Brussels date of <paramref name="realNow"/>, is from it.</summary>
    public static TimeSpan ShiftToMorning(DateTimeOffset realNow)
    {
        var morning = TimeZoneInfo.ConvertTime(realNow, Brussels).Date.AddHours(10);
        return new DateTimeOffset(morning, Brussels.GetUtcOffset(morning)) - realNow;
    }

    /// <summary>The system clock moved by a constant; timers and timestamps are the system's.</summary>
    private sealed class Shifted(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
