namespace P4Orleans.Contracts;

/// <summary>Reminder names of the dossier grain (one-shot; each handler re-checks state).</summary>
public static class DossierReminders
{
    public const string AcceptanceDeadline = "acceptance-deadline";
    public const string ServiceDeadline = "service-deadline";
    public const string Executable = "executable";
    public const string OppositionWindowEnd = "opposition-deadline";
    public const string PrescriptionWarning = "prescription-warning";
    public const string Prescription = "prescription";
    public const string RetentionExpiry = "retention-expiry";

    /// <summary>Every reminder of the dossier grain.</summary>
    public static IReadOnlyList<string> All { get; } =
        [AcceptanceDeadline, ServiceDeadline, Executable, OppositionWindowEnd, PrescriptionWarning, Prescription, RetentionExpiry];
}

/// <summary>Grain type names (the <c>[GrainType]</c> of each grain class).</summary>
public static class GrainTypes
{
    public const string Dossier = "dossier";
    public const string Bailiff = "bailiff";
}

/// <summary>Kinds of journal entries. Journal data never holds personal data.</summary>
public static class JournalKinds
{
    public const string Submitted = "submitted";
    public const string Competence = "competence";
    public const string Transition = "transition";
    public const string Dispatched = "dispatched";
    public const string DeadlineSet = "deadline-set";
    public const string DeadlineReached = "deadline-reached";
    public const string DeadlineMoved = "deadline-moved";
    public const string DeadlineCancelled = "deadline-cancelled";
    public const string Escalated = "escalated";
    public const string CostCharged = "cost-charged";
    public const string PaymentRecorded = "payment-recorded";
    public const string LedgerAdjusted = "ledger-adjusted";
    public const string SeizuresConservatory = "seizures-conservatory";
    public const string DocumentAttached = "document-attached";
    public const string PersonalDataPurged = "personal-data-purged";
    public const string Ignored = "ignored";
    public const string OfficeStatus = "office-status";
    public const string OfficeAccepted = "office-accepted";
    public const string OfficeRefused = "office-refused";
    public const string OfficeMissedAcceptance = "office-missed-acceptance";
    public const string OfficeServed = "office-served";
    public const string OfficeReleased = "office-released";

    // The facts ONSS's change feed carries for acts whose status change alone does not say them.
    public const string OppositionFiled = "opposition-filed";
    public const string JudgmentRecorded = "judgment-recorded";
    public const string SeizureReported = "seizure-reported";
    public const string InterventionClosed = "intervention-closed";
}
