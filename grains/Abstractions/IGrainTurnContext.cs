namespace P4Orleans.Grains;

/// <summary>
/// What a model may do during one turn besides changing its state. Everything recorded here is part of the
/// state write at the end of the turn, or is dropped with the turn when it throws.
/// </summary>
public interface IGrainTurnContext
{
    /// <summary>The grain's key.</summary>
    string Key { get; }

    /// <summary>The clock of the host.</summary>
    TimeProvider Time { get; }

    /// <summary>Sets or moves the deadline <paramref name="name"/>; the grain wakes at the earliest pending one.</summary>
    void SetReminder(string name, DateTimeOffset dueAt);

    /// <summary>Removes the deadline <paramref name="name"/>, if pending.</summary>
    void CancelReminder(string name);

    /// <summary>Appends an entry to this grain's journal (no personal data: see the grains' README).</summary>
    void Journal(string kind, object? data = null);
}
