using System.Diagnostics.Metrics;

namespace P4Orleans.Domain.Orleans;

/// <summary>
/// The platform's own meter (<see cref="MeterName"/>): facts of the recovery counted where they happen, after
/// the write that makes them true has succeeded (a turn that throws counts nothing). Tags are low-cardinality
/// words only (channel, outcome, decision, deadline, status): never a reference, a dossier or person id, an
/// office or a name, so no metric can carry personal data or single out a dossier.
/// </summary>
public sealed class PlatformMetrics : IDisposable
{
    /// <summary>The meter's name (exported as <c>p4orleans_*</c> series).</summary>
    public const string MeterName = "P4Orleans";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _titlesReceived;
    private readonly Counter<long> _titlesAccepted;
    private readonly Counter<long> _titlesRejected;
    private readonly Counter<long> _dispatchDecisions;
    private readonly Counter<long> _deadlinesApplied;
    private readonly Histogram<double> _deadlineLateness;
    private readonly Counter<long> _catchUpWakeUps;
    private readonly Counter<long> _purges;
    private readonly Counter<long> _auditAppends;
    private readonly Histogram<double> _intakeJobDuration;

    /// <summary>Creates the instruments on the host's meter factory (or on a meter of its own when there is none).</summary>
    public PlatformMetrics(IMeterFactory? factory)
    {
        _ownsMeter = factory is null;
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _titlesReceived = _meter.CreateCounter<long>("p4orleans.titles.received", "{title}", "Titles handed over by ONSS that reached the intake.");
        _titlesAccepted = _meter.CreateCounter<long>("p4orleans.titles.accepted", "{title}", "Titles taken in (a new dossier, or an identical resubmission when duplicate=true).");
        _titlesRejected = _meter.CreateCounter<long>("p4orleans.titles.rejected", "{title}", "Titles refused (invalid, or conflicting with the title already held under the reference).");
        _dispatchDecisions = _meter.CreateCounter<long>("p4orleans.dispatch.decisions", "{decision}", "Dispatch decisions: automatic, manual (an operator's), referred (left to an operator).");
        _deadlinesApplied = _meter.CreateCounter<long>("p4orleans.deadlines.applied", "{deadline}", "Deadlines applied to dossiers.");
        _deadlineLateness = _meter.CreateHistogram<double>("p4orleans.deadlines.lateness", "s", "Seconds between a deadline's due instant and its application.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0, 1, 5, 15, 30, 60, 120, 300, 900, 3600, 21_600, 86_400, 604_800] });
        _catchUpWakeUps = _meter.CreateCounter<long>("p4orleans.catchup.wakeups", "{wakeup}", "Dossiers woken by the deadline catch-up.");
        _purges = _meter.CreateCounter<long>("p4orleans.purges", "{dossier}", "Dossiers whose personal data was destroyed.");
        _auditAppends = _meter.CreateCounter<long>("p4orleans.audit.appends", "{entry}", "Audit entries committed to the hash-chained log.");
        _intakeJobDuration = _meter.CreateHistogram<double>("p4orleans.intake.job.duration", "s", "Duration of bulk intake jobs, by final status.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800] });
    }

    /// <summary>Titles that reached the intake, by channel (<c>single</c> or <c>bulk</c>).</summary>
    public void TitlesReceived(string channel, long count = 1) => Add(_titlesReceived, count, "channel", channel);

    /// <summary>Titles taken in, by channel; <paramref name="duplicate"/> for an identical resubmission.</summary>
    public void TitlesAccepted(string channel, bool duplicate, long count = 1)
    {
        if (count > 0)
        {
            _titlesAccepted.Add(count, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("duplicate", duplicate));
        }
    }

    /// <summary>Titles refused, by channel.</summary>
    public void TitlesRejected(string channel, long count = 1) => Add(_titlesRejected, count, "channel", channel);

    /// <summary>One dispatch decision (<c>automatic</c>, <c>manual</c> or <c>referred</c>).</summary>
    public void DispatchDecision(string decision) => Add(_dispatchDecisions, 1, "decision", decision);

    /// <summary>A deadline applied (its name is one of the dossier's fixed reminders) and how late, in seconds.</summary>
    public void DeadlineApplied(string deadline, TimeSpan lateness)
    {
        var tag = new KeyValuePair<string, object?>("deadline", deadline);
        _deadlinesApplied.Add(1, tag);
        _deadlineLateness.Record(Math.Max(0, lateness.TotalSeconds), tag);
    }

    /// <summary>Dossiers woken by the catch-up.</summary>
    public void CatchUpWakeUps(long count) => _catchUpWakeUps.Add(count);

    /// <summary>A dossier's personal data destroyed.</summary>
    public void Purged() => _purges.Add(1);

    /// <summary>Audit entries committed.</summary>
    public void AuditAppended(long count) => _auditAppends.Add(count);

    /// <summary>A bulk intake job ended with <paramref name="status"/> after <paramref name="duration"/>.</summary>
    public void IntakeJobEnded(string status, TimeSpan duration) =>
        _intakeJobDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("status", status));

    /// <inheritdoc />
    public void Dispose()
    {
        // A meter from the factory belongs to the factory (disposed with the host).
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private static void Add(Counter<long> counter, long count, string tag, string value)
    {
        if (count > 0)
        {
            counter.Add(count, new KeyValuePair<string, object?>(tag, value));
        }
    }
}
