namespace P4Orleans.Api.Compliance;

/// <summary>
/// The thresholds of the security coordinator's reports (section <c>Compliance</c>): none is a rule of law, each is a
/// choice of the coordinator, so each is configuration.
/// </summary>
public sealed class ComplianceOptions
{
    /// <summary>A day's reads are a spike above this many times the user's median of the previous days.</summary>
    public double ReadSpikeFactor { get; set; } = 5;

    /// <summary>How many previous days (Brussels dates) the median is taken over.</summary>
    public int ReadHistoryDays { get; set; } = 30;

    /// <summary>The fewest days with reads in that history before a user's volume is compared at all (a new user has no usual volume).</summary>
    public int ReadHistoryMinimumDays { get; set; } = 5;

    /// <summary>Working hours, Brussels time: from this hour (included)...</summary>
    public int WorkdayStartHour { get; set; } = 7;

    /// <summary>... to this hour (excluded); Saturdays and Sundays are out of hours all day.</summary>
    public int WorkdayEndHour { get; set; } = 19;

    /// <summary>The command to accept or refuse a dossier: within this many hours of its dispatch.</summary>
    public int AcceptanceHours { get; set; } = 24;

    /// <summary>The service SLA: served within this many days of the assignment.</summary>
    public int ServiceSlaDays { get; set; } = 30;

    /// <summary>A registrar confirms each active user at least every this many months.</summary>
    public int RecertificationMonths { get; set; } = 12;

    /// <summary>How often the recertification job looks for users past their due date.</summary>
    public TimeSpan RecertificationCheckPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whether this node runs the recertification job (tests drive it themselves).</summary>
    public bool RunRecertificationJob { get; set; } = true;

    /// <summary>Checks the values (a wrong setting stops the start, it never gives a silent report).</summary>
    public void Validate()
    {
        if (ReadSpikeFactor <= 1 || ReadHistoryDays is < 1 or > 366 || ReadHistoryMinimumDays < 1 || ReadHistoryMinimumDays > ReadHistoryDays
            || WorkdayStartHour is < 0 or > 23 || WorkdayEndHour <= WorkdayStartHour || WorkdayEndHour > 24
            || AcceptanceHours < 1 || ServiceSlaDays < 1 || RecertificationMonths is < 1 or > 60 || RecertificationCheckPeriod <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("The Compliance settings are out of range (see api/README.md, Security reports).");
        }
    }
}

/// <summary>A period of Brussels dates, both ends included, checked once for every report.</summary>
public readonly record struct ReportPeriod(DateOnly From, DateOnly To)
{
    /// <summary>The longest period a report covers.</summary>
    public const int MaxDays = 366;

    /// <summary>The last day a report may cover.</summary>
    public static readonly DateOnly LatestDay = new(2999, 12, 31);

    /// <summary>The period, or a 400 problem naming the field.</summary>
    public static ReportPeriod Of(DateOnly? from, DateOnly? to)
    {
        if (from is null || to is null)
        {
            throw new Problems.ValidationFailedException(from is null ? "from" : "to", "Give the period's first and last day (from, to).");
        }
        foreach (var (name, day) in new[] { ("from", from.Value), ("to", to.Value) })
        {
            // Beyond these the Brussels midnights of the period's ends are not instants PostgreSQL or .NET can hold.
            if (day < Contracts.InputLimits.EarliestDate || day > LatestDay)
            {
                throw new Problems.ValidationFailedException(name,
                    $"A report's days lie between {Contracts.InputLimits.EarliestDate:yyyy-MM-dd} and {LatestDay:yyyy-MM-dd}.");
            }
        }
        if (to < from)
        {
            throw new Problems.ValidationFailedException("to", "The period ends before it starts.");
        }
        if (to.Value.DayNumber - from.Value.DayNumber + 1 > MaxDays)
        {
            throw new Problems.ValidationFailedException("to", $"A report covers at most {MaxDays} days.");
        }
        return new ReportPeriod(from.Value, to.Value);
    }

    /// <summary>The first instant of the period (midnight in Brussels, UTC).</summary>
    public DateTimeOffset Start => Brussels.StartOf(From);

    /// <summary>The instant the period ends (the midnight after its last day, excluded).</summary>
    public DateTimeOffset End => Brussels.StartOf(To.AddDays(1));
}

/// <summary>Brussels dates and the instants they start at.</summary>
public static class Brussels
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    /// <summary>Midnight of <paramref name="day"/> in Brussels, as a UTC instant.</summary>
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The Brussels date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);
}
