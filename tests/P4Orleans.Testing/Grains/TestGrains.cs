using P4Orleans.Grains;

namespace P4Orleans.Testing.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds to the counter; returns the new value.</summary>
    Task<long> AddAsync(long by);

    /// <summary>Adds, journals, sets a reminder and sends a message, then throws: nothing may remain.</summary>
    Task AddThenFailAsync(long by, string pingTarget);

    /// <summary>Adds, journals, sets a reminder and sends a message (the crash test pauses this turn before COMMIT).</summary>
    Task AddWithEffectsAsync(long by, string pingTarget);

    [ReadOnly]
    Task<long> GetAsync();
}

public sealed class CounterState
{
    public long Value { get; set; }
}

[GrainType("counter")]
public sealed class CounterGrain : Grain<CounterState>, ICounterGrain
{
    public Task<long> AddAsync(long by)
    {
        State.Value += by;
        return Task.FromResult(State.Value);
    }

    public async Task AddThenFailAsync(long by, string pingTarget)
    {
        await AddWithEffectsAsync(by, pingTarget);
        throw new InvalidOperationException("the turn fails after its changes");
    }

    public Task AddWithEffectsAsync(long by, string pingTarget)
    {
        State.Value += by;
        Context.Journal("added", new { by });
        Context.SetReminder("later", Now.AddHours(1));
        Context.Send(new GrainId("pinged", pingTarget), new Ping(Key, by));
        return Task.CompletedTask;
    }

    public Task<long> GetAsync() => Task.FromResult(State.Value);
}

/// <summary>A grain type whose keys collide with <see cref="CounterGrain"/>'s on purpose.</summary>
public interface IOtherCounterGrain : IGrainWithStringKey
{
    Task<long> AddAsync(long by);
}

[GrainType("other-counter")]
public sealed class OtherCounterGrain : Grain<CounterState>, IOtherCounterGrain
{
    public Task<long> AddAsync(long by)
    {
        State.Value += by;
        return Task.FromResult(State.Value);
    }
}

[GrainMessage("test.ping")]
public sealed record Ping(string From, long Amount);

public interface IPingedGrain : IGrainWithStringKey
{
    /// <summary>Sends a ping to another pinged grain.</summary>
    Task SendAsync(string target, long amount);

    /// <summary>Makes the next deliveries fail this many times.</summary>
    Task FailNextAsync(int times);

    [ReadOnly]
    Task<PingedState> GetAsync();
}

public sealed class PingedState
{
    public long Total { get; set; }
    public int Received { get; set; }
    public int FailuresLeft { get; set; }
    public List<Guid> MessageIds { get; set; } = [];
}

[GrainType("pinged")]
public sealed class PingedGrain : Grain<PingedState>, IPingedGrain, IReceiveMessage<Ping>
{
    public Task SendAsync(string target, long amount)
    {
        Context.Send(new GrainId("pinged", target), new Ping(Key, amount));
        return Task.CompletedTask;
    }

    public Task FailNextAsync(int times)
    {
        State.FailuresLeft = times;
        return Task.CompletedTask;
    }

    public Task<PingedState> GetAsync() => Task.FromResult(State);

    public Task ReceiveAsync(Ping message, MessageInfo info)
    {
        if (State.FailuresLeft > 0)
        {
            // The failure rolls back, so FailuresLeft must be decremented by the test through a fresh call.
            throw new InvalidOperationException("delivery refused on purpose");
        }
        State.Total += message.Amount;
        State.Received++;
        State.MessageIds.Add(info.MessageId);
        return Task.CompletedTask;
    }
}

public interface IAlarmGrain : IGrainWithStringKey
{
    Task SetAsync(string name, DateTimeOffset due, TimeSpan? period = null);
    Task CancelAsync(string name);

    [ReadOnly]
    Task<AlarmState> GetAsync();
}

public sealed class AlarmState
{
    public List<AlarmFiring> Firings { get; set; } = [];
}

public sealed record AlarmFiring(string Name, DateTimeOffset DueAt, DateTimeOffset FiredAt, string? Node);

[GrainType("alarm")]
public sealed class AlarmGrain(NodeName node) : Grain<AlarmState>, IAlarmGrain, IRemindable
{
    public Task SetAsync(string name, DateTimeOffset due, TimeSpan? period = null)
    {
        Context.SetReminder(name, due, period);
        return Task.CompletedTask;
    }

    public Task CancelAsync(string name)
    {
        Context.CancelReminder(name);
        return Task.CompletedTask;
    }

    public Task<AlarmState> GetAsync() => Task.FromResult(State);

    public Task ReceiveReminderAsync(ReminderTick tick)
    {
        State.Firings.Add(new AlarmFiring(tick.Name, tick.DueAt, tick.FiredAt, node.Value));
        return Task.CompletedTask;
    }
}

/// <summary>The name of the node running a grain, injected to show which node fired a reminder.</summary>
public sealed record NodeName(string Value);
