namespace P4Orleans.Grains;

/// <summary>The host's handle on a grain instance; grain authors do not use it.</summary>
public interface IGrainBase
{
    /// <summary>The type of the grain's state, serialised as JSON.</summary>
    Type StateType { get; }

    /// <summary>Binds the state and the turn context before a turn.</summary>
    void Bind(object state, IGrainTurnContext context);

    /// <summary>The state after the turn.</summary>
    object CurrentState { get; }
}

/// <summary>Indexed columns a grain declares so that reports are SQL, not a scan of every grain.</summary>
/// <param name="Status">A status or state name.</param>
/// <param name="Owner">An owner key (for example the assigned bailiff office).</param>
/// <param name="Group">A grouping key (for example the judicial arrondissement).</param>
/// <param name="Amount">An amount in cents.</param>
/// <param name="Date">A date of interest.</param>
public sealed record GrainIndex(string? Status = null, string? Owner = null, string? Group = null, long? Amount = null, DateOnly? Date = null);

/// <summary>Implemented by a state type that declares indexed columns.</summary>
public interface IIndexedState
{
    /// <summary>The values of the indexed columns for this state.</summary>
    GrainIndex GetIndex();
}

/// <summary>
/// Base class of a grain with durable state <typeparamref name="TState"/>. A grain method is a turn:
/// it reads <see cref="State"/>, decides, changes it, and may set reminders and send messages; the
/// host commits all of it together, or nothing when the method throws.
/// </summary>
public abstract class Grain<TState> : IGrainBase where TState : class, new()
{
    private TState? _state;
    private IGrainTurnContext? _context;

    /// <summary>The grain's state (a fresh <typeparamref name="TState"/> for a grain never written).</summary>
    protected TState State => _state ?? throw new InvalidOperationException("The grain is not in a turn.");

    /// <summary>The current turn's context.</summary>
    protected IGrainTurnContext Context => _context ?? throw new InvalidOperationException("The grain is not in a turn.");

    /// <summary>This grain's key.</summary>
    protected string Key => Context.Id.Key;

    /// <summary>The host's clock.</summary>
    protected TimeProvider Time => Context.Time;

    /// <summary>Now, from the host's clock (UTC).</summary>
    protected DateTimeOffset Now => Context.Time.GetUtcNow();

    Type IGrainBase.StateType => typeof(TState);

    object IGrainBase.CurrentState => State;

    void IGrainBase.Bind(object state, IGrainTurnContext context)
    {
        _state = (TState)state;
        _context = context;
    }
}
