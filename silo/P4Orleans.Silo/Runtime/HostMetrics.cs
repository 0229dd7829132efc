namespace P4Orleans.Silo.Runtime;

/// <summary>This node's counters and the lateness of the reminders it fired, for the heartbeat and benchmarks.</summary>
public sealed class HostMetrics
{
    private const int Window = 100_000;
    private readonly double[] _lateness = new double[Window];
    private readonly Lock _gate = new();
    private long _latenessCount;
    private long _turns;
    private long _inFlight;
    private long _remindersFired;
    private long _remindersAbsorbed;
    private long _messagesDelivered;
    private long _messagesDuplicate;

    public long Turns => Interlocked.Read(ref _turns);
    public long InFlight => Interlocked.Read(ref _inFlight);
    public long RemindersFired => Interlocked.Read(ref _remindersFired);
    public long RemindersAbsorbed => Interlocked.Read(ref _remindersAbsorbed);
    public long MessagesDelivered => Interlocked.Read(ref _messagesDelivered);
    public long MessagesDuplicate => Interlocked.Read(ref _messagesDuplicate);

    internal void TurnStarted()
    {
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _turns);
    }

    internal void TurnEnded() => Interlocked.Decrement(ref _inFlight);

    internal void ReminderFired(TimeSpan lateness)
    {
        Interlocked.Increment(ref _remindersFired);
        lock (_gate)
        {
            _lateness[_latenessCount++ % Window] = lateness.TotalMilliseconds;
        }
    }

    internal void ReminderAbsorbed() => Interlocked.Increment(ref _remindersAbsorbed);
    internal void MessageDelivered() => Interlocked.Increment(ref _messagesDelivered);
    internal void MessageDuplicate() => Interlocked.Increment(ref _messagesDuplicate);

    /// <summary>Percentiles (0-100) of the lateness of the last reminders fired, in milliseconds; null when none fired.</summary>
    public double? LatenessPercentile(double percentile)
    {
        double[] copy;
        lock (_gate)
        {
            var n = (int)Math.Min(_latenessCount, Window);
            if (n == 0)
            {
                return null;
            }
            copy = _lateness[..n];
        }
        Array.Sort(copy);
        var index = (int)Math.Clamp(Math.Ceiling(percentile / 100 * copy.Length) - 1, 0, copy.Length - 1);
        return copy[index];
    }

    /// <summary>Forgets the lateness samples (benchmarks measure one phase at a time).</summary>
    public void ResetLateness()
    {
        lock (_gate)
        {
            _latenessCount = 0;
        }
    }
}
