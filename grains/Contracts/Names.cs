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

/// <summary>Stable names of the one-way messages between grains.</summary>
public static class MessageNames
{
    public const string DossierAssigned = "bailiff.dossier-assigned";
    public const string DossierAccepted = "bailiff.dossier-accepted";
    public const string DossierRefused = "bailiff.dossier-refused";
    public const string AcceptanceMissed = "bailiff.acceptance-missed";
    public const string DossierServed = "bailiff.dossier-served";
    public const string DossierReleased = "bailiff.dossier-released";
    public const string ReassignmentRequested = "dossier.reassignment-requested";
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
}
