namespace P4Orleans.Grains;

/// <summary>Marker for grain interfaces. Every method returns <see cref="Task"/> or <see cref="Task{T}"/>.</summary>
public interface IGrain;

/// <summary>A grain reached by a string key.</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>Reaches grains by key. The returned reference is cheap; the grain is activated on demand.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of interface <typeparamref name="TGrain"/> with this key.</summary>
    TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey;
}

/// <summary>Implemented by grains that own reminders.</summary>
public interface IRemindable
{
    /// <summary>
    /// A reminder fell due. Runs as a turn of its own; must be idempotent and re-check state, since the
    /// world may have changed since the reminder was set.
    /// </summary>
    Task ReceiveReminderAsync(ReminderTick tick);
}

/// <summary>Implemented by grains that accept one-way messages of type <typeparamref name="TMessage"/>.</summary>
public interface IReceiveMessage<in TMessage> where TMessage : notnull
{
    /// <summary>A message arrived. Runs as a turn of its own and is applied once per message id.</summary>
    Task ReceiveAsync(TMessage message, MessageInfo info);
}

/// <summary>A reminder firing.</summary>
/// <param name="Name">The reminder's name within its grain.</param>
/// <param name="DueAt">The due time it was set for (UTC).</param>
/// <param name="FiredAt">The time it actually fired (UTC).</param>
/// <param name="Period">The period of a periodic reminder; null for one-shot.</param>
public sealed record ReminderTick(string Name, DateTimeOffset DueAt, DateTimeOffset FiredAt, TimeSpan? Period)
{
    /// <summary>How late the firing was.</summary>
    public TimeSpan Lateness => FiredAt - DueAt;
}

/// <summary>Delivery details of a message.</summary>
/// <param name="MessageId">The message's unique id, the key of de-duplication.</param>
/// <param name="Sender">The grain that sent it, if a grain did.</param>
/// <param name="SentAt">When it was sent (UTC).</param>
public sealed record MessageInfo(Guid MessageId, GrainId? Sender, DateTimeOffset SentAt);
