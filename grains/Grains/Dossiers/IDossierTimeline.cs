using P4Orleans.Law;

namespace P4Orleans.Domain;

/// <summary>
/// Where a dossier's history is kept out of its state: its timeline, appended by each storage write (the host's
/// <c>timeline</c> table), and the reasons of its key dates (<c>key_date_texts</c>, kept by the same write); read
/// back only by the views that show them.
/// </summary>
public interface IDossierTimeline
{
    /// <summary>The dossier's stored timeline entries, in their order (<see cref="TimelineRecord.Seq"/> 1..n).</summary>
    Task<IReadOnlyList<TimelineRecord>> ReadAsync(string dossierId);

    /// <summary>The stored reasons of the dossier's key dates, by name: the last one set for each name.</summary>
    Task<IReadOnlyDictionary<string, KeyDateText>> ReadKeyDateTextsAsync(string dossierId);

    /// <summary>The dossier's ledger entries stored apart, numbered <paramref name="fromSeq"/> to <paramref name="toSeq"/>, in order.</summary>
    Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string dossierId, long fromSeq, long toSeq);

    /// <summary>The dossier's documents stored apart, numbered 1 to <paramref name="toSeq"/>, in order.</summary>
    Task<IReadOnlyList<DocumentRecord>> ReadDocumentsAsync(string dossierId, long toSeq);
}

/// <summary>No stored timeline: the model shows only the entries its state still holds (a model run outside a host).</summary>
public sealed class NoStoredTimeline : IDossierTimeline
{
    /// <summary>The one instance.</summary>
    public static NoStoredTimeline Instance { get; } = new();

    private static readonly IReadOnlyDictionary<string, KeyDateText> NoTexts = new Dictionary<string, KeyDateText>();

    /// <inheritdoc />
    public Task<IReadOnlyList<TimelineRecord>> ReadAsync(string dossierId) => Task.FromResult<IReadOnlyList<TimelineRecord>>([]);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, KeyDateText>> ReadKeyDateTextsAsync(string dossierId) => Task.FromResult(NoTexts);

    /// <inheritdoc />
    public Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string dossierId, long fromSeq, long toSeq) => Task.FromResult<IReadOnlyList<LedgerEntry>>([]);

    /// <inheritdoc />
    public Task<IReadOnlyList<DocumentRecord>> ReadDocumentsAsync(string dossierId, long toSeq) => Task.FromResult<IReadOnlyList<DocumentRecord>>([]);
}
