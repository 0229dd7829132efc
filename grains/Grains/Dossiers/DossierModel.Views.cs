using System.Text.Json;
using P4Orleans.Contracts;

namespace P4Orleans.Domain;

// Read-only views: the full view unseals personal data; the summary has none.
public sealed partial class DossierModel
{
    /// <inheritdoc />
    public async Task<DossierView> GetAsync()
    {
        RequireExists();
        return await FullViewAsync(await TimelineAsync());
    }

    /// <summary>The stored timeline followed by the entries not yet written (none between two turns of a host).</summary>
    private async Task<IReadOnlyList<TimelineRecord>> TimelineAsync()
    {
        var pending = State.PendingTimeline;
        var stored = await timeline.ReadAsync(Key);
        if (pending.Count == 0)
        {
            return stored;
        }

        var last = stored.Count == 0 ? 0 : stored[^1].Seq;
        return [.. stored, .. pending.Where(t => t.Seq > last)];
    }

    private async Task<DossierView> FullViewAsync(IReadOnlyList<TimelineRecord> entries)
    {
        var s = State;
        var personal = await UnsealAsync<DebtorPersonalData>(s.SealedPersonalData);
        var service = s.Service is { } sv
            ? new ServiceView(sv.Date, sv.Mode, await UnsealTextAsync(sv.SealedPersonMet), sv.ActReference, sv.OfficeId, sv.ExecutableOn)
            : null;
        var seizures = new List<SeizureView>();
        foreach (var z in s.Seizures)
        {
            seizures.Add(new SeizureView(z.SeizureId, z.Kind, z.Nature, z.ReportedNature, z.Date,
                await UnsealAsync<List<SeizableAsset>>(z.SealedAssets), z.CostCents, z.ActReference, z.OfficeId));
        }

        var notes = new List<NoteView>();
        foreach (var n in s.Notes)
        {
            notes.Add(new NoteView(n.At, n.Kind, await UnsealTextAsync(n.SealedText)));
        }

        return new DossierView(
            Key,
            s.Reference,
            s.Status,
            new TitleView(s.TitleKind, s.Reference, s.IssueDate, s.SignatoryQuality, s.FormalNoticeDate, s.FormalNoticeChannel, s.PayloadHash),
            s.DebtorKind,
            personal?.Debtor,
            personal?.ThirdParties ?? [],
            s.ArrondissementId,
            s.AssignedOfficeId,
            s.DispatchExplanation,
            [.. s.ExcludedOfficeIds],
            new AmountsView(
                s.Ledger.Outstanding.ToDictionary(kv => kv.Key, kv => kv.Value),
                s.Ledger.ChargedCents,
                s.Ledger.PaidCents,
                s.Ledger.BalanceCents,
                s.Ledger.OverpaymentCents,
                await LedgerEntriesAsync()),
            await KeyDateViewsAsync(s.KeyDates.Values.OrderBy(k => k.DueAt)),
            service,
            s.Opposition is { } o ? new OppositionView(o.Kind, o.FiledOn, o.Court, o.Outcome, o.JudgmentDate, o.ReducedToCents) : null,
            seizures,
            s.PaymentPlan is { } p ? new PaymentPlanView(p.Terms, p.Active, p.EndedBy, p.EndedOn) : null,
            [.. (await DocumentsAsync()).Select(d => new DocumentView(d.DocumentId, d.Kind, d.ContentType, d.SizeBytes, d.Sha256, d.AttachedAt, d.OfficeId, d.Purged))],
            [.. s.Escalations.Select(e => new EscalationView(e.Kind, e.At, e.Detail))],
            notes,
            s.InterventionOpen,
            s.PersonalDataPurged,
            DossierLifecycle.Allowed(s.Status),
            [.. entries.Select(TimelineEntryOf)],
            await DisputesOfAsync(withNotes: true));
    }

    /// <inheritdoc />
    public Task<DossierSummary> GetSummaryAsync()
    {
        RequireExists();
        return Task.FromResult(Summarize(Key, State));
    }

    /// <summary>The summary of a state: also usable by the host on a state read from the database.</summary>
    public static DossierSummary Summarize(string dossierId, DossierState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var next = state.NextDeadline();
        return new DossierSummary(dossierId, state.Reference, state.Status, state.TitleKind, state.DebtorKind, state.ArrondissementId,
            state.AssignedOfficeId, state.Ledger.BalanceCents, next?.Name, next?.Date, state.Escalations.Count, state.SubmittedAt, state.LastChangedAt);
    }

    // The state's personal data is held as bytes; the vault takes its own text form.
    private Task<T?> UnsealAsync<T>(byte[]? sealedValue) where T : class =>
        UnsealAsync<T>(sealedValue is null ? null : Convert.ToBase64String(sealedValue));

    private async Task<T?> UnsealAsync<T>(string? sealedValue) where T : class
    {
        if (sealedValue is null)
        {
            return null;
        }

        var bytes = await vault.UnsealAsync(Key, sealedValue);
        return bytes is null ? null : JsonSerializer.Deserialize<T>(bytes, DossierIntake.PersonalDataJson);
    }
}
