namespace P4Orleans.Law;

/// <summary>
/// Why a computed date is that date: the base event and its date, the rule version applied, and each
/// step in order. Serialisable with System.Text.Json (use <see cref="LawJson.Options"/> for camelCase);
/// <see cref="French"/> and <see cref="Dutch"/> render it as one sentence.
/// </summary>
/// <param name="Subject">What the date is (opposition deadline, prescription, ...).</param>
/// <param name="BaseEvent">The event the computation starts from.</param>
/// <param name="BaseDate">The date of that event.</param>
/// <param name="RuleVersionId">Identifier of the rule version in force on the base date.</param>
/// <param name="Steps">Each step, in the order applied.</param>
/// <param name="Result">The computed date; null when none exists yet (prescription suspended indefinitely).</param>
public sealed record Explanation(
    DeadlineSubject Subject,
    BaseEvent BaseEvent,
    DateOnly BaseDate,
    string RuleVersionId,
    IReadOnlyList<ExplanationStep> Steps,
    DateOnly? Result)
{
    /// <summary>The explanation as one French sentence.</summary>
    public string French => ExplanationFrench.Render(this);

    /// <summary>The explanation as one Dutch sentence.</summary>
    public string Dutch => ExplanationDutch.Render(this);
}

/// <summary>One step of a computation.</summary>
/// <param name="Kind">What the step did.</param>
/// <param name="Article">The provision applied, e.g. <c>art. 53 C.jud.</c>.</param>
/// <param name="Date">The date reached after the step.</param>
/// <param name="Quantity">Days, months or years counted or added, when the step counts.</param>
/// <param name="From">A second date the step refers to (an interruption date, a suspension start, the date found N months after the first day).</param>
/// <param name="Until">End of a suspension, when known.</param>
/// <param name="Skipped">Non-working days passed over by a working-day shift, with the holiday named.</param>
/// <param name="Detail">A code refining the step (an interruption kind, a country group).</param>
public sealed record ExplanationStep(
    StepKind Kind,
    string Article,
    DateOnly Date,
    int? Quantity = null,
    DateOnly? From = null,
    DateOnly? Until = null,
    IReadOnlyList<NonWorkingDay>? Skipped = null,
    string? Detail = null);

/// <summary>What a computed date means.</summary>
public enum DeadlineSubject
{
    Generic,
    Opposition,
    FormalNoticeWait,
    CommandToPay,
    Prescription,

    /// <summary>When a communication counts as received: the first day of any deadline it starts.</summary>
    CommunicationReceipt,
}

/// <summary>The event a computation starts from.</summary>
public enum BaseEvent
{
    /// <summary>Service by bailiff's writ: counting starts the next day (art. 52).</summary>
    Service,

    /// <summary>Registered letter with acknowledgement, dated on its presentation at the address (art. 53bis 1°).</summary>
    RegisteredLetterWithAcknowledgement,

    /// <summary>Plain registered letter, dated on its posting (art. 53bis 2°).</summary>
    RegisteredLetter,

    /// <summary>Electronic notice (eBox), with the value of a registered letter; counting starts the next day.</summary>
    ElectronicNotice,

    /// <summary>The day a claim became due.</summary>
    DueDate,
}

/// <summary>Kinds of explanation steps.</summary>
public enum StepKind
{
    FirstDay,
    CountDays,
    CountMonths,
    MonthEndClamped,
    AbroadExtension,
    VacationExtension,
    WorkingDayShift,
    NoticeNotRequired,
    ExecutableAfterNextDay,
    PrescriptionPeriod,
    Interruption,
    InterruptionIgnored,
    Suspension,
    SuspensionPending,
    NeverShifted,

    /// <summary>An eBox message read by its addressee (the date of reading).</summary>
    EboxRead,

    /// <summary>An eBox message deemed received N working days after it was made available.</summary>
    EboxDeemedReceived,

    /// <summary>An eBox message neither read nor yet deemed received: no deadline runs yet.</summary>
    EboxAwaitingReading,
}
