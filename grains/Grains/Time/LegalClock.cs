using P4Orleans.Law;

namespace P4Orleans.Domain;

/// <summary>
/// Law dates are <see cref="DateOnly"/> in the court's time zone (Europe/Brussels); reminders are UTC instants.
/// A deadline's last day ends at 00:00 of the next day, local time.
/// </summary>
public sealed class LegalClock(TimeZoneInfo zone)
{
    /// <summary>The clock of the law engine's time zone.</summary>
    public static LegalClock For(LawEngine law)
    {
        ArgumentNullException.ThrowIfNull(law);
        return new LegalClock(TimeZoneInfo.FindSystemTimeZoneById(law.Options.TimeZoneId));
    }

    /// <summary>The local date of an instant.</summary>
    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

    /// <summary>00:00 local time on <paramref name="date"/>, as UTC.</summary>
    public DateTimeOffset StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    /// <summary>The end of <paramref name="date"/> (00:00 local time the next day), as UTC.</summary>
    public DateTimeOffset EndOf(DateOnly date) => StartOf(date.AddDays(1));
}
