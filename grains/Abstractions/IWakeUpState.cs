namespace P4Orleans.Grains;

/// <summary>
/// A state that holds its pending deadlines: the state is the truth, the grain's one reminder is only the
/// wake-up at the earliest of them.
/// </summary>
public interface IWakeUpState
{
    /// <summary>Pending deadlines by name, with the instant each falls due (UTC).</summary>
    Dictionary<string, DateTimeOffset> WakeUps { get; }
}
