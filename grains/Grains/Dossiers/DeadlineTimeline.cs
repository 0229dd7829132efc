using P4Orleans.Contracts;

namespace P4Orleans.Domain;

/// <summary>
/// The timeline entries of deadlines: each one set, moved, cancelled or reached appears with its explanation in
/// French and Dutch, so that Operators read in the timeline what <c>keyDates</c> holds. No personal data: names,
/// dates, rule ids and the engine's sentences only. A date set by an earlier turn has no reason in memory
/// (<see cref="KeyDate"/>): its entry leaves the reason null and the storage write fills it from <c>key_date_texts</c>.
/// </summary>
public static class DeadlineTimeline
{
    /// <summary>A deadline that starts to run.</summary>
    public static TimelineRecord Set(DateTimeOffset at, DossierStatus status, KeyDate date)
    {
        ArgumentNullException.ThrowIfNull(date);
        return new TimelineRecord(at, JournalKinds.DeadlineSet, status, $"{date.Name}: last day {date.Date:yyyy-MM-dd} ({date.RuleId})",
            new TimelineDeadline(date.Name, date.Date, null, date.RuleId, date.French, date.Dutch));
    }

    /// <summary>A deadline recomputed to another date (an interruption, a suspension's end, a new assignment).</summary>
    public static TimelineRecord Moved(DateTimeOffset at, DossierStatus status, KeyDate previous, KeyDate date)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(date);
        return new TimelineRecord(at, JournalKinds.DeadlineMoved, status,
            $"{date.Name}: moved from {previous.Date:yyyy-MM-dd} to {date.Date:yyyy-MM-dd} ({date.RuleId})",
            new TimelineDeadline(date.Name, date.Date, previous.Date, date.RuleId, date.French, date.Dutch));
    }

    /// <summary>
    /// A deadline that no longer runs; <paramref name="french"/> and <paramref name="dutch"/> say why when the
    /// engine explains it (a suspended prescription), else the old explanation is kept for the record.
    /// </summary>
    public static TimelineRecord Cancelled(DateTimeOffset at, DossierStatus status, KeyDate previous, string why, string? french = null, string? dutch = null)
    {
        ArgumentNullException.ThrowIfNull(previous);
        return new TimelineRecord(at, JournalKinds.DeadlineCancelled, status, $"{previous.Name}: {previous.Date:yyyy-MM-dd} no longer applies ({why})",
            new TimelineDeadline(previous.Name, null, previous.Date, previous.RuleId, french ?? previous.French, dutch ?? previous.Dutch));
    }

    /// <summary>A deadline whose last day has ended (its reminder fired).</summary>
    public static TimelineRecord Reached(DateTimeOffset at, DossierStatus status, KeyDate date)
    {
        ArgumentNullException.ThrowIfNull(date);
        return new TimelineRecord(at, JournalKinds.DeadlineReached, status, $"{date.Name}: {date.Date:yyyy-MM-dd} reached ({date.RuleId})",
            new TimelineDeadline(date.Name, date.Date, null, date.RuleId, date.French, date.Dutch));
    }
}
