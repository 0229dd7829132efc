using P4Orleans.Law;

namespace P4Orleans.Contracts;

/// <summary>
/// A dossier as its assigned bailiff office reads it: what the office needs to act (its assignment, the debtor to
/// serve, amounts, key dates with their explanations, the procedure's acts, its documents, the commands it may
/// issue) and nothing about other offices (no excluded offices, no other office's refusal, notes or timeline
/// entries) nor the concessionaire's internal notes, escalations or dispatch reasoning.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BailiffDossierView(
    string DossierId,
    string Reference,
    DossierStatus Status,
    TitleView Title,
    PersonKind DebtorKind,
    DebtorSubmission? Debtor,
    IReadOnlyList<ThirdPartySubmission> ThirdParties,
    string? ArrondissementId,
    string AssignedOfficeId,
    DateTimeOffset? AssignedAt,
    DateTimeOffset? AcceptedAt,
    AmountsView Amounts,
    IReadOnlyList<KeyDateView> KeyDates,
    OfficeServiceView? Service,
    OppositionView? Opposition,
    IReadOnlyList<OfficeSeizureView> Seizures,
    PaymentPlanView? PaymentPlan,
    IReadOnlyList<DocumentView> Documents,
    bool InterventionOpen,
    bool PersonalDataPurged,
    IReadOnlyList<DossierCommand> AllowedCommands,
    IReadOnlyList<TimelineEntryView> Timeline,
    DisputesView? Disputes = null)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>
/// The service as an office reads it. An earlier office's service shows the facts the procedure rests on (date,
/// mode, executable day) without who made it, its act reference or the person met.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OfficeServiceView(DateOnly Date, ServiceMode Mode, DateOnly ExecutableOn, bool ByThisOffice, string? PersonMet, string? ActReference)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>A seizure as an office reads it: an earlier office's seizure keeps its assets and cost, not its act reference or office.</summary>
[GenerateSerializer, Immutable]
public sealed record OfficeSeizureView(string SeizureId, SeizureKind Kind, SeizureNature Nature, SeizureNature ReportedNature, DateOnly Date,
    IReadOnlyList<SeizableAsset>? Assets, long CostCents, bool ByThisOffice, string? ActReference)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>
/// A dossier as ONSS reads it: status, title, debtor, amounts, dates, acts, documents, the office now assigned and
/// the timeline; not the offices excluded, an office's refusal reason or note, the Operators' notes, nor the
/// escalations about an office's performance. ONSS's own notes (irrecoverability, withdrawal) stay.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OnssDossierView(
    string DossierId,
    string Reference,
    DossierStatus Status,
    TitleView Title,
    PersonKind DebtorKind,
    DebtorSubmission? Debtor,
    IReadOnlyList<ThirdPartySubmission> ThirdParties,
    string? ArrondissementId,
    string? AssignedOfficeId,
    string? DispatchExplanation,
    AmountsView Amounts,
    IReadOnlyList<KeyDateView> KeyDates,
    ServiceView? Service,
    OppositionView? Opposition,
    IReadOnlyList<SeizureView> Seizures,
    PaymentPlanView? PaymentPlan,
    IReadOnlyList<DocumentView> Documents,
    IReadOnlyList<EscalationView> Escalations,
    IReadOnlyList<NoteView> Notes,
    bool InterventionOpen,
    bool PersonalDataPurged,
    IReadOnlyList<DossierCommand> AllowedCommands,
    IReadOnlyList<TimelineEntryView> Timeline,
    DisputesView? Disputes = null)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}
