namespace P4Orleans.Grains;

/// <summary>
/// What the host offers a grain during one turn. Everything recorded here commits together with the
/// grain's state at the end of the turn, or not at all.
/// </summary>
public interface IGrainTurnContext
{
    /// <summary>The grain running this turn.</summary>
    GrainId Id { get; }

    /// <summary>The clock of the host.</summary>
    TimeProvider Time { get; }

    /// <summary>Reaches other grains: reads of their committed view only, never a write inside a turn.</summary>
    IGrainFactory Grains { get; }

    /// <summary>Registers or replaces the reminder <paramref name="name"/> of this grain.</summary>
    void SetReminder(string name, DateTimeOffset dueAt, TimeSpan? period = null);

    /// <summary>Cancels the reminder <paramref name="name"/> of this grain, if any.</summary>
    void CancelReminder(string name);

    /// <summary>Sends a one-way message, delivered at least once and applied once, after this turn commits.</summary>
    void Send(GrainId target, object message);

    /// <summary>Appends an entry to this grain's journal.</summary>
    void Journal(string kind, object? data = null);
}
