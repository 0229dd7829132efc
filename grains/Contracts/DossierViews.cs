using P4Orleans.Law;

namespace P4Orleans.Contracts;

/// <summary>
/// A dossier as ONSS, Operators and the assigned office read it, personal data unsealed (null once purged).
/// The API decides who may see it and audits every read.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DossierView(
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
    IReadOnlyList<string> ExcludedOfficeIds,
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

/// <summary>A dossier in a list: no personal data at all.</summary>
[GenerateSerializer, Immutable]
public sealed record DossierSummary(
    string DossierId,
    string Reference,
    DossierStatus Status,
    TitleKind TitleKind,
    PersonKind DebtorKind,
    string? ArrondissementId,
    string? AssignedOfficeId,
    long BalanceCents,
    string? NextDeadlineName,
    DateOnly? NextDeadline,
    int EscalationCount,
    DateTimeOffset SubmittedAt,
    DateTimeOffset LastChangedAt)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>The enforceable title (no personal data).</summary>
[GenerateSerializer, Immutable]
public sealed record TitleView(TitleKind Kind, string Reference, DateOnly IssueDate, string SignatoryQuality, DateOnly? FormalNoticeDate,
    NoticeChannel? FormalNoticeChannel, string PayloadHash)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>Amounts by ledger component, in cents.</summary>
[GenerateSerializer, Immutable]
public sealed record AmountsView(
    IReadOnlyDictionary<DebtComponent, long> OutstandingByComponent,
    long ChargedCents,
    long PaidCents,
    long BalanceCents,
    long OverpaymentCents,
    IReadOnlyList<LedgerEntry> Entries)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>A legal or configured date with its explanation.</summary>
/// <param name="Name">The reminder name (see <see cref="DossierReminders"/>) or the date's name.</param>
/// <param name="Date">The date in Europe/Brussels.</param>
/// <param name="DueAt">The instant the reminder is due (UTC).</param>
/// <param name="RuleId">The rule version or option that fixed the date.</param>
/// <param name="French">Why, in French.</param>
/// <param name="Dutch">Why, in Dutch.</param>
/// <param name="Reached">True once the reminder fired or the date lost its purpose.</param>
[GenerateSerializer, Immutable]
public sealed record KeyDateView(string Name, DateOnly Date, DateTimeOffset DueAt, string RuleId, string French, string Dutch, bool Reached)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>The service of the title.</summary>
[GenerateSerializer, Immutable]
public sealed record ServiceView(DateOnly Date, ServiceMode Mode, string? PersonMet, string? ActReference, string OfficeId, DateOnly ExecutableOn)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>The opposition and, once given, the judgment.</summary>
[GenerateSerializer, Immutable]
public sealed record OppositionView(OppositionKind Kind, DateOnly FiledOn, string Court, JudgmentOutcome? Outcome, DateOnly? JudgmentDate, long? ReducedToCents)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>A seizure, its assets unsealed.</summary>
[GenerateSerializer, Immutable]
public sealed record SeizureView(string SeizureId, SeizureKind Kind, SeizureNature Nature, SeizureNature ReportedNature, DateOnly Date,
    IReadOnlyList<SeizableAsset>? Assets, long CostCents, string? ActReference, string OfficeId)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>Payment terms and whether they still run.</summary>
[GenerateSerializer, Immutable]
public sealed record PaymentPlanView(PaymentPlanTerms Terms, bool Active, PaymentPlanEnd? EndedBy, DateOnly? EndedOn)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>A document's metadata; its content is served by the host until purged.</summary>
[GenerateSerializer, Immutable]
public sealed record DocumentView(string DocumentId, DocumentKind Kind, string ContentType, long SizeBytes, string Sha256, DateTimeOffset AttachedAt,
    string? OfficeId, bool Purged)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>Something raised to Operators.</summary>
[GenerateSerializer, Immutable]
public sealed record EscalationView(EscalationKind Kind, DateTimeOffset At, string Detail)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>A free-text note (refusal, withdrawal, reassignment...), unsealed; null text once purged.</summary>
[GenerateSerializer, Immutable]
public sealed record NoteView(DateTimeOffset At, string Kind, string? Text)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>One entry of the dossier's timeline (no personal data); <see cref="Deadline"/> for a deadline set, moved, cancelled or reached.</summary>
[GenerateSerializer, Immutable]
public sealed record TimelineEntryView(DateTimeOffset At, string Kind, DossierStatus Status, string Detail, TimelineDeadlineView? Deadline = null)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>A deadline as the timeline shows it: its date (null when cancelled), the date it replaced, and why.</summary>
/// <param name="Name">The key date's name (<c>opposition-window-end</c>, <c>prescription</c>...).</param>
/// <param name="Date">The date now in force; null when the deadline no longer runs.</param>
/// <param name="PreviousDate">The date it had before a move or a cancellation.</param>
/// <param name="RuleId">The rule version or option that fixed it.</param>
/// <param name="French">The explanation in French.</param>
/// <param name="Dutch">The explanation in Dutch.</param>
[GenerateSerializer, Immutable]
public sealed record TimelineDeadlineView(string Name, DateOnly? Date, DateOnly? PreviousDate, string RuleId, string French, string Dutch)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}
