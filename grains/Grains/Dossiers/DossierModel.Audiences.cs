using P4Orleans.Contracts;
using static P4Orleans.Contracts.DossierCommand;

namespace P4Orleans.Domain;

// Minimisation: each audience's projection unseals only what it shows (api/README.md, Minimisation).
public sealed partial class DossierModel
{
    /// <summary>The commands an office issues through /bailiff.</summary>
    private static readonly HashSet<DossierCommand> OfficeCommands =
        [Accept, Refuse, ReportService, ReportSeizure, ReportOpposition, AttachDocument, RecordPayment, CloseIntervention, RaiseDispute];

    /// <summary>The commands ONSS issues through /onss.</summary>
    private static readonly HashSet<DossierCommand> OnssCommands =
        [AttachDocument, RecordPayment, GrantPaymentPlan, EndPaymentPlan, DeclareIrrecoverable, Withdraw, RaiseDispute];

    /// <summary>ONSS's own free text; the other notes are an office's or an Operator's.</summary>
    private static readonly HashSet<string> OnssNoteKinds = new(StringComparer.Ordinal) { "irrecoverable", "withdrawal" };

    /// <inheritdoc />
    public async Task<BailiffDossierView> GetForOfficeAsync(string officeId)
    {
        RequireOffice(officeId);
        var s = State;
        var personal = await UnsealAsync<DebtorPersonalData>(s.SealedPersonalData);
        OfficeServiceView? service = null;
        if (s.Service is { } sv)
        {
            var own = sv.OfficeId == officeId;
            service = new OfficeServiceView(sv.Date, sv.Mode, sv.ExecutableOn, own, own ? await UnsealTextAsync(sv.SealedPersonMet) : null,
                own ? sv.ActReference : null);
        }

        var seizures = new List<OfficeSeizureView>();
        foreach (var z in s.Seizures)
        {
            var own = z.OfficeId == officeId;
            seizures.Add(new OfficeSeizureView(z.SeizureId, z.Kind, z.Nature, z.ReportedNature, z.Date,
                await UnsealAsync<List<SeizableAsset>>(z.SealedAssets), z.CostCents, own, own ? z.ActReference : null));
        }

        return new BailiffDossierView(
            Key,
            s.Reference,
            s.Status,
            TitleOf(s),
            s.DebtorKind,
            personal?.Debtor,
            personal?.ThirdParties ?? [],
            s.ArrondissementId,
            officeId,
            s.AssignedAt,
            s.AcceptedAt,
            DossierAudiences.AmountsForOffice(AmountsOf(s, await LedgerEntriesAsync()), s.Service, officeId),
            await KeyDateViewsAsync(DossierAudiences.KeyDatesForOffice(s)),
            service,
            OppositionOf(s),
            seizures,
            PlanOf(s),
            [.. (await DocumentsAsync()).Where(d => d.OfficeId is null || d.OfficeId == officeId).Select(DocumentOf)],
            s.InterventionOpen,
            s.PersonalDataPurged,
            [.. DossierLifecycle.Allowed(s.Status).Where(OfficeCommands.Contains)],
            [.. DossierAudiences.TimelineForOffice(await TimelineAsync(), officeId).Select(TimelineEntryOf)],
            await DisputesOfAsync(withNotes: false));
    }

    /// <inheritdoc />
    public async Task<OnssDossierView> GetForOnssAsync()
    {
        RequireExists();
        var entries = await TimelineAsync();
        var full = await FullViewAsync(entries);
        var notes = new List<NoteView>();
        foreach (var n in State.Notes.Where(n => OnssNoteKinds.Contains(n.Kind)))
        {
            notes.Add(new NoteView(n.At, n.Kind, await UnsealTextAsync(n.SealedText)));
        }

        return new OnssDossierView(
            full.DossierId, full.Reference, full.Status, full.Title, full.DebtorKind, full.Debtor, full.ThirdParties, full.ArrondissementId,
            full.AssignedOfficeId,
            full.AssignedOfficeId is null ? null : full.DispatchExplanation,
            full.Amounts, full.KeyDates, full.Service, full.Opposition, full.Seizures, full.PaymentPlan, full.Documents,
            [.. full.Escalations.Where(e => e.Kind != EscalationKind.ServiceDeadlineMissed)],
            notes,
            full.InterventionOpen,
            full.PersonalDataPurged,
            [.. full.AllowedCommands.Where(OnssCommands.Contains)],
            [.. DossierAudiences.TimelineForOnss(entries).Select(TimelineEntryOf)],
            full.Disputes);
    }

    private static TitleView TitleOf(DossierState s) =>
        new(s.TitleKind, s.Reference, s.IssueDate, s.SignatoryQuality, s.FormalNoticeDate, s.FormalNoticeChannel, s.PayloadHash);

    private static AmountsView AmountsOf(DossierState s, IReadOnlyList<Law.LedgerEntry> entries) =>
        new(s.Ledger.Outstanding.ToDictionary(kv => kv.Key, kv => kv.Value), s.Ledger.ChargedCents, s.Ledger.PaidCents, s.Ledger.BalanceCents,
            s.Ledger.OverpaymentCents, entries);

    /// <summary>
    /// The views of <paramref name="dates"/> with their reasons: those of the running turn when it set the date, else
    /// those the storage kept (<c>key_date_texts</c>, read once, only when a date needs it).
    /// </summary>
    private async Task<List<KeyDateView>> KeyDateViewsAsync(IEnumerable<KeyDate> dates)
    {
        var list = dates.ToList();
        IReadOnlyDictionary<string, KeyDateText>? stored = null;
        var views = new List<KeyDateView>(list.Count);
        foreach (var k in list)
        {
            var text = k.French is not null && k.Dutch is not null ? new KeyDateText(k.French, k.Dutch)
                : State.PendingKeyDateTexts.TryGetValue(k.Name, out var pending) ? pending
                : (stored ??= await timeline.ReadKeyDateTextsAsync(Key)).GetValueOrDefault(k.Name);
            views.Add(new KeyDateView(k.Name, k.Date, k.DueAt, k.RuleId, text?.French ?? "", text?.Dutch ?? "", k.Reached));
        }

        return views;
    }

    private static OppositionView? OppositionOf(DossierState s) =>
        s.Opposition is { } o ? new OppositionView(o.Kind, o.FiledOn, o.Court, o.Outcome, o.JudgmentDate, o.ReducedToCents) : null;

    private static PaymentPlanView? PlanOf(DossierState s) =>
        s.PaymentPlan is { } p ? new PaymentPlanView(p.Terms, p.Active, p.EndedBy, p.EndedOn) : null;

    private static DocumentView DocumentOf(DocumentRecord d) =>
        new(d.DocumentId, d.Kind, d.ContentType, d.SizeBytes, d.Sha256, d.AttachedAt, d.OfficeId, d.Purged);

    private static TimelineEntryView TimelineEntryOf(TimelineRecord t) =>
        new(t.At, t.Kind, t.Status, t.Detail, t.Deadline is { } d ? new TimelineDeadlineView(d.Name, d.Date, d.PreviousDate, d.RuleId, d.French ?? "", d.Dutch ?? "") : null);
}
