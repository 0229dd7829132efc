using System.Text.Json;

namespace P4Orleans.Grains.Tests.Fakes;

/// <summary>The effects of one turn, kept apart so that a failed turn leaves nothing (as the host does).</summary>
public sealed class FakeTurnContext(GrainId id, TimeProvider time) : IGrainTurnContext
{
    public GrainId Id { get; } = id;
    public TimeProvider Time { get; } = time;
    public IGrainFactory Grains => throw new NotSupportedException("Grains under test do not read other grains.");
    public Dictionary<string, DateTimeOffset> SetReminders { get; } = [];
    public List<string> CancelledReminders { get; } = [];
    public List<(GrainId Target, object Message)> Sent { get; } = [];
    public List<(string Kind, string Json)> JournalEntries { get; } = [];

    public void SetReminder(string name, DateTimeOffset dueAt, TimeSpan? period = null)
    {
        CancelledReminders.Remove(name);
        SetReminders[name] = dueAt;
    }

    public void CancelReminder(string name)
    {
        SetReminders.Remove(name);
        CancelledReminders.Add(name);
    }

    public void Send(GrainId target, object message) => Sent.Add((target, message));

    public void Journal(string kind, object? data = null) =>
        JournalEntries.Add((kind, data is null ? "null" : JsonSerializer.Serialize(data, HostJson.Options)));
}
