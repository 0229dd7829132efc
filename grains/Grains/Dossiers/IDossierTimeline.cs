namespace P4Orleans.Domain;

/// <summary>
/// Where a dossier's timeline is kept: out of its state, appended by each storage write (the host's
/// <c>timeline</c> table), read back only by the views that show it.
/// </summary>
public interface IDossierTimeline
{
    /// <summary>The dossier's stored timeline entries, in their order (<see cref="TimelineRecord.Seq"/> 1..n).</summary>
    Task<IReadOnlyList<TimelineRecord>> ReadAsync(string dossierId);
}

/// <summary>No stored timeline: the model shows only the entries its state still holds (a model run outside a host).</summary>
public sealed class NoStoredTimeline : IDossierTimeline
{
    /// <summary>The one instance.</summary>
    public static NoStoredTimeline Instance { get; } = new();

    /// <inheritdoc />
    public Task<IReadOnlyList<TimelineRecord>> ReadAsync(string dossierId) => Task.FromResult<IReadOnlyList<TimelineRecord>>([]);
}
