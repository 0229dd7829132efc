using System.Text.Json;

namespace P4Orleans.Grains.Tests.Fakes;

/// <summary>
/// Runs a grain alone as the host would: each call is a turn on a copy of the state that went through JSON;
/// a turn that throws leaves no state change, reminder, message or journal entry behind.
/// </summary>
public sealed class GrainHarness<TGrain, TState>(TGrain grain, string key, ManualTime time, FakeKeyDateTexts? texts = null)
    where TGrain : IGrainModel
    where TState : class, new()
{
    /// <summary>The dossier's stored key-date reasons (a dossier's harness only).</summary>
    public FakeKeyDateTexts? Texts { get; } = texts;

    public TGrain Grain { get; } = grain;
    public string Key { get; } = key;
    public ManualTime Time { get; } = time;
    public TState State { get; private set; } = new();
    public Dictionary<string, DateTimeOffset> Reminders { get; } = [];
    public List<(string Kind, string Json)> Journal { get; } = [];
    public FakeTurnContext? LastTurn { get; private set; }

    public string StateJson => JsonSerializer.Serialize(State, HostJson.Options);

    public async Task<T> Turn<T>(Func<TGrain, Task<T>> call)
    {
        var working = HostJson.RoundTrip(State);
        var timelineBefore = (working as Domain.DossierState)?.PendingTimeline.Count ?? 0;
        var context = new FakeTurnContext(Key, Time);
        ((IGrainModel)Grain).Bind(working, context);
        var result = await call(Grain);
        if (working is Domain.DossierState dossier && Texts is not null)
        {
            Texts.Write(dossier, timelineBefore);
        }

        State = HostJson.RoundTrip(working);
        foreach (var name in context.CancelledReminders)
        {
            Reminders.Remove(name);
        }

        foreach (var (name, due) in context.SetReminders)
        {
            Reminders[name] = due;
        }

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
        Turn(g => g is Domain.DossierModel d
            ? d.ReceiveReminderAsync(new ReminderTick(name, due, Time.GetUtcNow(), null))
            : throw new InvalidOperationException("Only dossiers have deadlines."));

    /// <summary>The data of the journal entries of <paramref name="kind"/>, in order.</summary>
    public List<System.Text.Json.JsonElement> JournalOf(string kind) =>
        [.. Journal.Where(j => j.Kind == kind).Select(j => System.Text.Json.JsonDocument.Parse(j.Json).RootElement.Clone())];
}
