using P4Orleans.Domain;
using P4Orleans.Law;

namespace P4Orleans.Grains.Tests.Fakes;

/// <summary>
/// The host's <c>key_date_texts</c> for a dossier run alone: each turn's reasons are kept here as the storage write
/// keeps them, and the timeline entries a turn left without a reason (a date set by an earlier turn) are filled
/// from what was kept before the turn, as the write statement fills them.
/// </summary>
public sealed class FakeKeyDateTexts : IDossierTimeline
{
    private readonly Dictionary<string, KeyDateText> _stored = new(StringComparer.Ordinal);

    /// <summary>The reason kept for <paramref name="name"/>.</summary>
    public KeyDateText this[string name] => _stored[name];

    /// <summary>What the storage write does with a turn's state: fill, keep, forget.</summary>
    public void Write(DossierState state, int timelineBefore)
    {
        for (var i = timelineBefore; i < state.PendingTimeline.Count; i++)
        {
            var entry = state.PendingTimeline[i];
            if (entry.Deadline is { French: null } d && _stored.TryGetValue(d.Name, out var text))
            {
                state.PendingTimeline[i] = entry with { Deadline = d with { French = text.French, Dutch = text.Dutch } };
            }
        }

        foreach (var (name, text) in state.PendingKeyDateTexts)
        {
            _stored[name] = text;
        }

        state.PendingKeyDateTexts.Clear();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TimelineRecord>> ReadAsync(string dossierId) => Task.FromResult<IReadOnlyList<TimelineRecord>>([]);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, KeyDateText>> ReadKeyDateTextsAsync(string dossierId) =>
        Task.FromResult<IReadOnlyDictionary<string, KeyDateText>>(new Dictionary<string, KeyDateText>(_stored, StringComparer.Ordinal));

    /// <inheritdoc />
    /// <remarks>A dossier run alone keeps its whole ledger in its state: nothing is stored apart.</remarks>
    public Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string dossierId, long fromSeq, long toSeq) => Task.FromResult<IReadOnlyList<LedgerEntry>>([]);

    /// <inheritdoc />
    /// <remarks>A dossier run alone keeps its documents in its state: nothing is stored apart.</remarks>
    public Task<IReadOnlyList<DocumentRecord>> ReadDocumentsAsync(string dossierId, long toSeq) => Task.FromResult<IReadOnlyList<DocumentRecord>>([]);
}
