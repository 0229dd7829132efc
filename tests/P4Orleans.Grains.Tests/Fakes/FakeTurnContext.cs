using System.Text.Json;

namespace P4Orleans.Grains.Tests.Fakes;

/// <summary>The effects of one turn, kept apart so that a failed turn leaves nothing (as the grain does).</summary>
public sealed class FakeTurnContext(string key, TimeProvider time) : IGrainTurnContext
{
    public string Key { get; } = key;
    public TimeProvider Time { get; } = time;
    public Dictionary<string, DateTimeOffset> SetReminders { get; } = [];
    public List<string> CancelledReminders { get; } = [];
    public List<(string Kind, string Json)> JournalEntries { get; } = [];

    public void SetReminder(string name, DateTimeOffset dueAt)
    {
        CancelledReminders.Remove(name);
        SetReminders[name] = dueAt;
    }

    public void CancelReminder(string name)
    {
        SetReminders.Remove(name);
        CancelledReminders.Add(name);
    }

    public void Journal(string kind, object? data = null) =>
        JournalEntries.Add((kind, data is null ? "null" : JsonSerializer.Serialize(data, HostJson.Options)));
}
