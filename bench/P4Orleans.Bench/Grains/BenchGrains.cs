using P4Orleans.Grains;

namespace P4Orleans.Bench.Grains;

/// <summary>A grain whose every write turn changes a small state.</summary>
public interface IBenchCounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one to the counter and stamps the time; returns the new count.</summary>
    Task<long> IncrementAsync();
}

public sealed class BenchCounterState
{
    public long Count { get; set; }
    public DateTimeOffset LastAt { get; set; }
}

[GrainType("bench-counter")]
public sealed class BenchCounterGrain : Grain<BenchCounterState>, IBenchCounterGrain
{
    public Task<long> IncrementAsync()
    {
        State.Count++;
        State.LastAt = Now;
        return Task.FromResult(State.Count);
    }
}

/// <summary>A grain that counts the firings of its reminder and keeps the last lateness.</summary>
public interface IBenchAlarmGrain : IGrainWithStringKey;

public sealed class BenchAlarmState
{
    public int Fired { get; set; }
    public double LatenessMs { get; set; }
}

[GrainType("bench-alarm")]
public sealed class BenchAlarmGrain : Grain<BenchAlarmState>, IBenchAlarmGrain, IRemindable
{
    /// <summary>The name of the reminder the benchmark inserts for every alarm grain.</summary>
    public const string ReminderName = "wake";

    public Task ReceiveReminderAsync(ReminderTick tick)
    {
        State.Fired++;
        State.LatenessMs = tick.Lateness.TotalMilliseconds;
        return Task.CompletedTask;
    }
}
