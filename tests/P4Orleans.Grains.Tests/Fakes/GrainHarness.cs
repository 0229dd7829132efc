using System.Text.Json;

namespace P4Orleans.Grains.Tests.Fakes;

/// <summary>
/// Runs a grain alone as the host would: each call is a turn on a copy of the state that went through JSON;
/// a turn that throws leaves no state change, reminder, message or journal entry behind.
/// </summary>
public sealed class GrainHarness<TGrain, TState>(TGrain grain, GrainId id, ManualTime time)
    where TGrain : IGrainBase
    where TState : class, new()
{
    public TGrain Grain { get; } = grain;
    public GrainId Id { get; } = id;
    public ManualTime Time { get; } = time;
    public TState State { get; private set; } = new();
    public Dictionary<string, DateTimeOffset> Reminders { get; } = [];
    public List<(GrainId Target, object Message)> Sent { get; } = [];
    public List<(string Kind, string Json)> Journal { get; } = [];
    public FakeTurnContext? LastTurn { get; private set; }

    public string StateJson => JsonSerializer.Serialize(State, HostJson.Options);

    public async Task<T> Turn<T>(Func<TGrain, Task<T>> call)
    {
        var working = HostJson.RoundTrip(State);
        var context = new FakeTurnContext(Id, Time);
        ((IGrainBase)Grain).Bind(working, context);
        var result = await call(Grain);
        State = HostJson.RoundTrip(working);
        foreach (var name in context.CancelledReminders)
        {
            Reminders.Remove(name);
        }

        foreach (var (name, due) in context.SetReminders)
        {
            Reminders[name] = due;
        }

        Sent.AddRange(context.Sent);
        Journal.AddRange(context.JournalEntries);
        LastTurn = context;
        return result;
    }

    public Task Turn(Func<TGrain, Task> call) => Turn(async g =>
    {
        await call(g);
        return true;
    });

    /// <summary>Moves the clock to the reminder's due time and fires it (one-shot: removed first).</summary>
    public Task FireAsync(string name)
    {
        var due = Reminders[name];
        Time.SetTo(due);
        Reminders.Remove(name);
        return FireAtAsync(name, due);
    }

    /// <summary>Fires a reminder tick for <paramref name="due"/> now, whatever is pending (a late or duplicate delivery).</summary>
    public Task FireAtAsync(string name, DateTimeOffset due) =>
        Turn(g => ((IRemindable)g).ReceiveReminderAsync(new ReminderTick(name, due, Time.GetUtcNow(), null)));

    public Task DeliverAsync<TMessage>(TMessage message) where TMessage : notnull =>
        Turn(g => ((IReceiveMessage<TMessage>)g).ReceiveAsync(message, new MessageInfo(Guid.NewGuid(), null, Time.GetUtcNow())));

    public IEnumerable<TMessage> SentOf<TMessage>() => Sent.Select(s => s.Message).OfType<TMessage>();
}
