using System.Text.Json;

namespace P4Orleans.Grains;

/// <summary>
/// A journal entry not yet known to be in the journal table. The grain-state write appends the pending entries
/// to <c>journal</c> in the same statement as the state (idempotent on <see cref="Seq"/>), so the history never
/// rides in the state beyond the turn that wrote it.
/// </summary>
/// <param name="Seq">The entry's number in the grain's journal, from 1, without gaps.</param>
/// <param name="At">When it was recorded (UTC).</param>
/// <param name="Kind">The kind of entry.</param>
/// <param name="Data">Its facts (no personal data).</param>
public sealed record JournalRecord(long Seq, DateTimeOffset At, string Kind, JsonElement? Data);

/// <summary>The part of every grain state that carries its journal from a turn to the storage write.</summary>
public abstract class JournalledState
{
    /// <summary>The number of the last journal entry recorded.</summary>
    public long JournalSeq { get; set; }

    /// <summary>Entries recorded since the last successful write.</summary>
    public List<JournalRecord> PendingJournal { get; set; } = [];
}
