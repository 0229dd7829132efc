namespace P4Orleans.Grains;

/// <summary>The grain adapter's handle on a model: binds the state and the turn before each call.</summary>
public interface IGrainModel
{
    /// <summary>Binds the state and the turn context before a call.</summary>
    void Bind(object state, IGrainTurnContext context);
}

/// <summary>
/// The decisions of a grain as plain C#: a model reads <see cref="State"/>, decides, changes it, and records
/// deadlines and journal entries through <see cref="Context"/>. The Orleans grain that hosts it runs each call
/// as a turn: it writes the state once when the call returns, and restores it when the call throws, so a model
/// never sees its own half-done change. Models are tested without a silo.
/// </summary>
/// <typeparam name="TState">The grain's persisted state.</typeparam>
public abstract class GrainModel<TState> : IGrainModel where TState : class, new()
{
    private TState? _state;
    private IGrainTurnContext? _context;

    /// <summary>The grain's state (a fresh <typeparamref name="TState"/> for a grain never written).</summary>
    protected TState State => _state ?? throw new InvalidOperationException("The model is not in a turn.");

    /// <summary>The current turn's context.</summary>
    protected IGrainTurnContext Context => _context ?? throw new InvalidOperationException("The model is not in a turn.");

    /// <summary>This grain's key.</summary>
    protected string Key => Context.Key;

    /// <summary>The host's clock.</summary>
    protected TimeProvider Time => Context.Time;

    /// <summary>Now, from the host's clock (UTC).</summary>
    protected DateTimeOffset Now => Context.Time.GetUtcNow();

    void IGrainModel.Bind(object state, IGrainTurnContext context)
    {
        _state = (TState)state;
        _context = context;
    }
}

/// <summary>A deadline falling due.</summary>
/// <param name="Name">The deadline's name within its grain.</param>
/// <param name="DueAt">The instant it was set for (UTC).</param>
/// <param name="FiredAt">The instant it is applied (UTC).</param>
/// <param name="Period">Unused by one-shot deadlines; kept for the record.</param>
public sealed record ReminderTick(string Name, DateTimeOffset DueAt, DateTimeOffset FiredAt, TimeSpan? Period)
{
    /// <summary>How late the application is.</summary>
    public TimeSpan Lateness => FiredAt - DueAt;
}

/// <summary>
/// The platform's clock is a keyed service, apart from the <see cref="TimeProvider"/> the runtime and ASP.NET
/// Core use: tests move the platform's clock (deadlines, retention, audit instants) without moving Orleans'
/// membership, timers and reminders.
/// </summary>
public static class PlatformClock
{
    /// <summary>The service key of the platform's <see cref="TimeProvider"/>.</summary>
    public const string Key = "p4.clock";
}
