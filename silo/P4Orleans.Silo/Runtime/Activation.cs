using P4Orleans.Grains;

namespace P4Orleans.Silo.Runtime;

/// <summary>
/// A grain in this node's memory: its instance, the last state it saw with that state's version, and
/// the gate that runs its calls one at a time on this node (the row lock does it across nodes).
/// </summary>
internal sealed class Activation(GrainId id, IGrainBase instance)
{
    public GrainId Id { get; } = id;
    public IGrainBase Instance { get; } = instance;
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The cached state, or null when it must be (re)loaded.</summary>
    public object? State { get; set; }

    /// <summary>The serialised form of <see cref="State"/>, to tell whether a turn changed it.</summary>
    public string? Json { get; set; }

    /// <summary>The version of <see cref="State"/>; -1 when unknown.</summary>
    public long Version { get; set; } = -1;

    /// <summary>True once this node knows the grain's row exists.</summary>
    public bool RowExists { get; set; }

    public long LastUsedTicks { get; set; }

    public void Invalidate()
    {
        State = null;
        Json = null;
        Version = -1;
        // The row may have been inserted by the very transaction that was rolled back: insert it again next turn.
        RowExists = false;
    }
}
