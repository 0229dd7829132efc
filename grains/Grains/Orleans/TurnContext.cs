using System.Text.Json;
using P4Orleans.Grains;

namespace P4Orleans.Domain.Orleans;

/// <summary>
/// One turn of a grain: deadlines and journal entries go straight into the state, so that they are written with
/// it (the storage query appends the pending journal entries in the same statement) or dropped with it.
/// </summary>
internal sealed class TurnContext(string key, TimeProvider time, JournalledState state, bool readOnly) : IGrainTurnContext
{
    public string Key { get; } = key;

    public TimeProvider Time { get; } = time;

    public void SetReminder(string name, DateTimeOffset dueAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        WakeUps()[name] = dueAt;
    }

    public void CancelReminder(string name) => WakeUps().Remove(name);

    public void Journal(string kind, object? data = null)
    {
        EnsureWritable();
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        var json = data is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(data, data.GetType(), StateJson.Options);
        state.JournalSeq++;
        state.PendingJournal.Add(new JournalRecord(state.JournalSeq, Time.GetUtcNow(), kind, json));
    }

    private Dictionary<string, DateTimeOffset> WakeUps()
    {
        EnsureWritable();
        return state is IWakeUpState w ? w.WakeUps : throw new InvalidOperationException("This grain's state holds no deadlines.");
    }

    private void EnsureWritable()
    {
        if (readOnly)
        {
            throw new InvalidOperationException("A read of a grain cannot set deadlines or write the journal.");
        }
    }
}
