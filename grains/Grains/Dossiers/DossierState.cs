using System.Text.Json.Serialization;
using P4Orleans.Contracts;
using P4Orleans.Grains;
using P4Orleans.Law;

namespace P4Orleans.Domain;

/// <summary>
/// The durable state of a dossier, serialised as JSON (camelCase, enums as strings). Personal data is never
/// in clear here: the debtor and third parties are in <see cref="SealedPersonalData"/>, the person met at
/// service, the seized assets and free-text notes each in their own sealed field. What stays in clear are
/// figures that identify no one: person kind, arrondissement, amounts, dates, statuses, office ids.
/// </summary>
public sealed class DossierState : JournalledState, IWakeUpState
{
    public DossierStatus Status { get; set; }
    public string Reference { get; set; } = "";
    public string PayloadHash { get; set; } = "";
    public TitleKind TitleKind { get; set; }
    public DateOnly IssueDate { get; set; }
    public string SignatoryQuality { get; set; } = "";
    public DateOnly? FormalNoticeDate { get; set; }
    public NoticeChannel? FormalNoticeChannel { get; set; }

    /// <summary>Natural or legal person (not personal data by itself).</summary>
    public PersonKind DebtorKind { get; set; }

    /// <summary>Art. 55 group of the debtor's residence, for the opposition window.</summary>
    public CountryGroup ResidenceGroup { get; set; }

    public string? ArrondissementId { get; set; }
    public string? ManualDecisionReason { get; set; }

    /// <summary>
    /// <see cref="DebtorPersonalData"/> as JSON, sealed with the dossier's data key. Held as its bytes: stored as the
    /// same base64 text as the vault's (System.Text.Json writes a byte array so), in a third of the memory of that text
    /// in an active dossier.
    /// </summary>
    public byte[]? SealedPersonalData { get; set; }

    public bool PersonalDataPurged { get; set; }
    public DateTimeOffset? PurgedAt { get; set; }

    public Ledger Ledger { get; set; } = Ledger.Empty;

    /// <summary>The title's claim as submitted (bailiff costs excluded), the basis of the tariff class.</summary>
    public long ClaimCents { get; set; }

    public DateOnly ContributionDueDate { get; set; }
    public bool Fraud { get; set; }

    public string? AssignedOfficeId { get; set; }
    public DateTimeOffset? AssignedAt { get; set; }

    /// <summary>When the current office accepted: its acts cannot be dated before that day.</summary>
    public DateTimeOffset? AcceptedAt { get; set; }
    public string? DispatchExplanation { get; set; }
    public List<string> ExcludedOfficeIds { get; set; } = [];

    /// <summary>Status to return to when a new office accepts a dossier taken from its office mid-procedure.</summary>
    public DossierStatus? ResumeStatus { get; set; }

    /// <summary>True from an office's acceptance until it closes its intervention (or loses the dossier).</summary>
    public bool InterventionOpen { get; set; }
    public DateTimeOffset? InterventionClosedAt { get; set; }

    public ServiceRecord? Service { get; set; }
    public bool OppositionWindowClosed { get; set; }
    public OppositionRecord? Opposition { get; set; }
    public List<SeizureRecord> Seizures { get; set; } = [];
    public PaymentPlanRecord? PaymentPlan { get; set; }

    /// <summary>
    /// The documents attached and not yet stored apart. The list itself is not in the state (a document added about
    /// 250 bytes to every later write): the storage write appends these to <c>dossier_documents</c> in the same
    /// statement as the state, numbered up to <see cref="DocumentSeq"/>, and the stored row keeps none of them
    /// (migration 0017). A row written before holds them all, and no <see cref="DocumentSeq"/>.
    /// </summary>
    public List<DocumentRecord> Documents { get; set; } = [];

    private long _documentSeq;

    /// <summary>How many documents the dossier has: the number of the last one.</summary>
    public long DocumentSeq
    {
        get => Math.Max(_documentSeq, Documents.Count);
        set => _documentSeq = value;
    }

    /// <summary>Adds <paramref name="document"/> to those the next write appends.</summary>
    public void AddDocument(DocumentRecord document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var seq = DocumentSeq + 1;
        Documents.Add(document);
        _documentSeq = seq;
    }

    /// <summary>The documents held are stored apart (the write appended them): only their number stays.</summary>
    public void DocumentsStored()
    {
        _documentSeq = DocumentSeq;
        Documents.Clear();
    }

    public List<NoteRecord> Notes { get; set; } = [];
    public List<EscalationRecord> Escalations { get; set; } = [];

    /// <summary>The outbox and recent communications (content sealed, dropped once sent): DossierModel.Communications.cs.</summary>
    public List<CommunicationRecord> Communications { get; set; } = [];

    /// <summary>The number of the last communication queued (ids C1, C2...).</summary>
    public int CommunicationSeq { get; set; }

    /// <summary>Legal and configured dates by reminder name; the ones not reached are pending reminders.</summary>
    public Dictionary<string, KeyDate> KeyDates { get; set => field = SharedNames.Keys(value); } = [];

    /// <summary>
    /// The reasons of the dates set by the turn being written, by name. The storage write keeps them in
    /// <c>key_date_texts</c> (one row per dossier and name, the last one set) in the statement that writes the
    /// state, and the stored row keeps none of them (<see cref="KeyDate"/>).
    /// </summary>
    public Dictionary<string, KeyDateText> PendingKeyDateTexts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Puts <paramref name="date"/> in force and its reason among those the next write keeps.</summary>
    public void PutKeyDate(KeyDate date)
    {
        ArgumentNullException.ThrowIfNull(date);
        KeyDates[date.Name] = date;
        if (date.French is not null && date.Dutch is not null)
        {
            PendingKeyDateTexts[date.Name] = new KeyDateText(date.French, date.Dutch);
        }
    }

    /// <summary>Forgets what the last write stored beside the state: the dates' reasons.</summary>
    public void DropWrittenKeyDateTexts()
    {
        PendingKeyDateTexts.Clear();
        List<KeyDate>? held = null;
        foreach (var date in KeyDates.Values)
        {
            if (date.French is not null || date.Dutch is not null)
            {
                (held ??= []).Add(date);
            }
        }

        foreach (var date in held ?? [])
        {
            KeyDates[date.Name] = date.WithoutTexts();
        }
    }

    /// <summary>How many timeline entries the dossier has: the last one's <see cref="TimelineRecord.Seq"/>.</summary>
    public long TimelineSeq { get; set; }

    /// <summary>
    /// The timeline entries of the turn being written. The timeline itself is not in the state (every command
    /// would rewrite it): the storage write appends these to the <c>timeline</c> table in the same statement as
    /// the state, and the stored row keeps none of them; views read the timeline back (<see cref="IDossierTimeline"/>).
    /// </summary>
    public List<TimelineRecord> PendingTimeline { get; set; } = [];

    /// <summary>Numbers <paramref name="entry"/> and adds it to the entries the next write appends.</summary>
    public void AddTimeline(TimelineRecord entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        TimelineSeq++;
        PendingTimeline.Add(entry with { Seq = TimelineSeq });
    }

    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset LastChangedAt { get; set; }
    public DateTimeOffset? OutcomeAt { get; set; }

    /// <summary>True once a title was recorded under this id.</summary>
    public bool Exists => Status != DossierStatus.None;

    /// <summary>Paid, irrecoverable, withdrawn, closed: the procedure is over.</summary>
    public bool HasOutcome => Status is DossierStatus.Paid or DossierStatus.Irrecoverable or DossierStatus.Withdrawn or DossierStatus.Closed;

    /// <summary>The next pending date, for the index and the lists.</summary>
    public KeyDate? NextDeadline() =>
        KeyDates.Values.Where(k => !k.Reached).OrderBy(k => k.DueAt).ThenBy(k => k.Name, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>The balance still due (the ledger's own figure): an indexed column (<c>balance_cents</c>).</summary>
    public long BalanceCents => Ledger.BalanceCents;

    /// <summary>The date of the next pending deadline: an indexed column (<c>next_deadline</c>) of the lists.</summary>
    [JsonPropertyName("nextDeadline")]
    public DateOnly? NextDeadlineDate => NextDeadline()?.Date;

    /// <inheritdoc />
    public Dictionary<string, DateTimeOffset> WakeUps { get; set => field = SharedNames.Keys(value); } = new(StringComparer.Ordinal);

    /// <summary>The earliest pending wake-up: the indexed column (<c>next_due_at</c>) the silos' catch-up reads.</summary>
    public DateTimeOffset? NextDueAt => WakeUps.Count == 0 ? null : WakeUps.Values.Min();

    /// <summary>The ids of the last messages applied (de-duplication of redeliveries), newest last.</summary>
    public List<Guid> AppliedMessages { get; set; } = [];

    /// <summary>Remembers a message as applied, keeping the last <see cref="MessageMemory"/> ids.</summary>
    public void RememberMessage(Guid messageId)
    {
        AppliedMessages.Add(messageId);
        if (AppliedMessages.Count > MessageMemory)
        {
            AppliedMessages.RemoveRange(0, AppliedMessages.Count - MessageMemory);
        }
    }

    /// <summary>How many applied message ids a dossier remembers: a dossier receives few (an office leaving).</summary>
    public const int MessageMemory = 16;

    /// <summary>Amicable and judicial disputes (<c>DossierModel.Disputes*.cs</c>).</summary>
    public DisputeBook Disputes { get; set; } = new();
}

/// <summary>
/// A date with its reason; <see cref="Reached"/> once its reminder fired. The reason in French and Dutch
/// (<see cref="French"/>, <see cref="Dutch"/>) is not part of the stored state: it is what a state would mostly be
/// made of (the engine's sentences), rewritten at every command and held by every activation. A turn that sets a
/// date carries its reason to the storage write (<see cref="DossierState.PendingKeyDateTexts"/>), which keeps it in
/// <c>key_date_texts</c>; once written, the activation forgets it, and the views read it back.
/// </summary>
public sealed record KeyDate
{
    /// <summary>A date as stored (its reason is in <c>key_date_texts</c>).</summary>
    [JsonConstructor]
    public KeyDate(string name, DateOnly date, DateTimeOffset dueAt, string ruleId, bool reached = false)
    {
        // Read from storage, each date would hold its own copies of these names: shared instead (SharedNames).
        Name = SharedNames.Of(name);
        Date = date;
        DueAt = dueAt;
        RuleId = SharedNames.Of(ruleId);
        Reached = reached;
    }

    /// <summary>A date just set, with its reason.</summary>
    public KeyDate(string name, DateOnly date, DateTimeOffset dueAt, string ruleId, string french, string dutch, bool reached = false)
        : this(name, date, dueAt, ruleId, reached)
    {
        French = french;
        Dutch = dutch;
    }

    public string Name { get; init; }
    public DateOnly Date { get; init; }
    public DateTimeOffset DueAt { get; init; }
    public string RuleId { get; init; }
    public bool Reached { get; init; }

    /// <summary>The reason in French while the turn that set the date runs; null once written.</summary>
    [JsonIgnore]
    public string? French { get; init; }

    /// <summary>The reason in Dutch while the turn that set the date runs; null once written.</summary>
    [JsonIgnore]
    public string? Dutch { get; init; }

    /// <summary>The same date without its reason (as stored).</summary>
    public KeyDate WithoutTexts() => French is null && Dutch is null ? this : this with { French = null, Dutch = null };
}

/// <summary>The reason of a key date in French and Dutch, as <c>key_date_texts</c> keeps it.</summary>
public sealed record KeyDateText(string French, string Dutch);

/// <summary>The service; <see cref="SealedPersonMet"/> holds the person met, sealed.</summary>
public sealed record ServiceRecord(DateOnly Date, ServiceMode Mode, string? SealedPersonMet, string? ActReference, string OfficeId,
    DateOnly ExecutableOn, DateTimeOffset ExecutableFromUtc);

/// <summary>The opposition, the status it interrupted and the judgment once given.</summary>
public sealed record OppositionRecord(OppositionKind Kind, DateOnly FiledOn, string Court, DossierStatus InterruptedStatus,
    JudgmentOutcome? Outcome = null, DateOnly? JudgmentDate = null, long? ReducedToCents = null);

/// <summary>A seizure; <see cref="SealedAssets"/> holds the asset list, sealed.</summary>
public sealed record SeizureRecord(string SeizureId, SeizureKind Kind, SeizureNature Nature, SeizureNature ReportedNature, DateOnly Date,
    string? SealedAssets, int AssetCount, long CostCents, string? ActReference, string OfficeId);

/// <summary>Payment terms.</summary>
public sealed record PaymentPlanRecord(PaymentPlanTerms Terms, DossierStatus InterruptedStatus, bool Active = true,
    PaymentPlanEnd? EndedBy = null, DateOnly? EndedOn = null);

/// <summary>A document's metadata; <see cref="Purged"/> tells the host to delete its content.</summary>
public sealed record DocumentRecord(string DocumentId, DocumentKind Kind, string ContentType, long SizeBytes, string Sha256,
    DateTimeOffset AttachedAt, string? OfficeId, bool Purged = false);

/// <summary>A free-text note (refusal, withdrawal...), sealed because free text may name people.</summary>
public sealed record NoteRecord(DateTimeOffset At, string Kind, string? SealedText);

/// <summary>Something raised to Operators (no personal data).</summary>
public sealed record EscalationRecord(EscalationKind Kind, DateTimeOffset At, string Detail);

/// <summary>
/// An entry of the timeline (no personal data); <see cref="Deadline"/> for a deadline set, moved, cancelled or reached;
/// <see cref="Seq"/> its number in the dossier's timeline (1..n), given by <see cref="DossierState.AddTimeline"/>.
/// </summary>
public sealed record TimelineRecord(DateTimeOffset At, string Kind, DossierStatus Status, string Detail, TimelineDeadline? Deadline = null, long Seq = 0);

/// <summary>A deadline in the timeline: the date now in force (null once cancelled), the one it replaced, and why.</summary>
/// <remarks>
/// A turn that ends a date set by an earlier one no longer holds its reason (<see cref="KeyDate"/>): it writes the entry
/// with <see cref="French"/> and <see cref="Dutch"/> null, and the storage write fills them from <c>key_date_texts</c>.
/// </remarks>
public sealed record TimelineDeadline(string Name, DateOnly? Date, DateOnly? PreviousDate, string RuleId, string? French, string? Dutch);

/// <summary>The personal part of a title, serialised and sealed as one value.</summary>
public sealed record DebtorPersonalData(DebtorSubmission Debtor, IReadOnlyList<ThirdPartySubmission> ThirdParties);
