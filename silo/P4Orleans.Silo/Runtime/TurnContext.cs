using P4Orleans.Grains;

namespace P4Orleans.Silo.Runtime;

/// <summary>A reminder change recorded during a turn: set (with due and period) or cancel.</summary>
internal sealed record ReminderChange(string Name, bool Cancel, DateTimeOffset DueAt, TimeSpan? Period);

/// <summary>A message recorded during a turn, sent when the turn commits.</summary>
internal sealed record OutgoingMessage(Guid Id, GrainId Target, string Type, string Payload);

/// <summary>A journal entry recorded during a turn.</summary>
internal sealed record JournalEntry(string Kind, string? Data, DateTimeOffset At);

/// <summary>Collects what a turn does besides changing state; all of it commits with the state.</summary>
internal sealed class TurnContext(GrainId id, TimeProvider time, IGrainFactory grains, GrainCatalog catalog, bool readOnly) : IGrainTurnContext
{
    public GrainId Id { get; } = id;
    public TimeProvider Time { get; } = time;
    public IGrainFactory Grains { get; } = grains;

    public Dictionary<string, ReminderChange> Reminders { get; } = new(StringComparer.Ordinal);
    public List<OutgoingMessage> Messages { get; } = [];
    public List<JournalEntry> JournalEntries { get; } = [];

    public bool HasEffects => Reminders.Count > 0 || Messages.Count > 0 || JournalEntries.Count > 0;

    public void SetReminder(string name, DateTimeOffset dueAt, TimeSpan? period = null)
    {
        EnsureWritable();
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (period is { } p && p <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(period), "A reminder's period must be positive.");
        }
        Reminders[name] = new ReminderChange(name, false, Micro(dueAt), period);
    }

    public void CancelReminder(string name)
    {
        EnsureWritable();
        Reminders[name] = new ReminderChange(name, true, default, null);
    }

    public void Send(GrainId target, object message)
    {
        EnsureWritable();
        ArgumentNullException.ThrowIfNull(message);
        var info = catalog.ForName(target.Type);
        if (!info.Receives.Contains(message.GetType()))
        {
            throw new InvalidOperationException($"Grain type '{target.Type}' does not receive {message.GetType().Name}.");
        }
        var payload = System.Text.Json.JsonSerializer.Serialize(message, message.GetType(), JsonState.Options);
        Messages.Add(new OutgoingMessage(Guid.CreateVersion7(), target, catalog.MessageName(message.GetType()), payload));
    }

    public void Journal(string kind, object? data = null)
    {
        EnsureWritable();
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        var json = data is null ? null : System.Text.Json.JsonSerializer.Serialize(data, data.GetType(), JsonState.Options);
        JournalEntries.Add(new JournalEntry(kind, json, Micro(Time.GetUtcNow())));
    }

    /// <summary>PostgreSQL keeps microseconds: truncate so that what is read back equals what was set.</summary>
    internal static DateTimeOffset Micro(DateTimeOffset value) => Instants.Micro(value);

    private void EnsureWritable()
    {
        if (readOnly)
        {
            throw new InvalidOperationException("A [ReadOnly] grain method cannot set reminders, send messages or write the journal.");
        }
    }
}
