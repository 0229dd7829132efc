namespace P4Orleans.Contracts;

/// <summary>
/// Where a dossier is in its lifecycle. The transition table (grains/Grains, <c>DossierLifecycle</c>) says which
/// command is allowed in which status; the folder's README draws it. The debtor's person kind reuses
/// <see cref="P4Orleans.Law.PersonKind"/> (natural or legal person) from the law engine.
/// </summary>
public enum DossierStatus
{
    /// <summary>No title submitted under this id yet.</summary>
    None,

    /// <summary>Accepted at intake, competent arrondissement known: waits for the batch dispatcher.</summary>
    AwaitingDispatch,

    /// <summary>No arrondissement or no office available: an Operator decides.</summary>
    NeedsManualDecision,

    /// <summary>Given to a bailiff office, which has not accepted yet (acceptance deadline running).</summary>
    Assigned,

    /// <summary>The office accepted; service deadline running.</summary>
    Accepted,

    /// <summary>Served with a command to pay within 24 hours; not yet executable.</summary>
    Served,

    /// <summary>The command to pay expired: forced execution may start.</summary>
    Executable,

    /// <summary>An opposition is pending before the labour court: execution and prescription suspended.</summary>
    Opposed,

    /// <summary>At least one executory seizure made; execution goes on.</summary>
    Seizure,

    /// <summary>ONSS granted payment terms: execution paused while they are respected.</summary>
    PaymentPlan,

    /// <summary>Balance fully paid. Terminal outcome.</summary>
    Paid,

    /// <summary>Declared irrecoverable by ONSS. Terminal outcome.</summary>
    Irrecoverable,

    /// <summary>Withdrawn by ONSS. Terminal outcome.</summary>
    Withdrawn,

    /// <summary>Ended by a judgment annulling the title. Terminal outcome.</summary>
    Closed,

    /// <summary>Retention expired: personal data destroyed; only anonymous figures remain.</summary>
    Purged,
}

/// <summary>The commands of the lifecycle table (what the allowed-commands lists name).</summary>
public enum DossierCommand
{
    Submit,
    Assign,
    RequireManualDecision,
    Accept,
    Refuse,
    MissAcceptance,
    ReportService,
    BecomeExecutable,
    ReportOpposition,
    RecordJudgment,
    ReportSeizure,
    AttachDocument,
    RecordPayment,
    GrantPaymentPlan,
    EndPaymentPlan,
    DeclareIrrecoverable,
    Withdraw,
    CloseIntervention,
    Reassign,
    PurgePersonalData,

    /// <summary>A dispute step that leaves the procedure where it is: raise, assign, record a judicial dispute or a hearing.</summary>
    RaiseDispute,

    /// <summary>A dispute decided (or ONSS resuming after one): the procedure goes on, or ends Paid or Closed.</summary>
    DecideDispute,
}

/// <summary>Kind of enforceable title (art. 40, law of 27 June 1969).</summary>
public enum TitleKind
{
    Contrainte,
    EnforceableRoll,
    Judgment,
}

/// <summary>How ONSS sent the final formal notice (selects the art. 53bis counting).</summary>
public enum NoticeChannel
{
    RegisteredLetter,
    RegisteredLetterWithAcknowledgement,
    EBox,
}

/// <summary>How the writ was served.</summary>
public enum ServiceMode
{
    /// <summary>Handed to the debtor in person.</summary>
    InPerson,

    /// <summary>Left with a relative, employee or other person at the domicile or seat.</summary>
    AtDomicile,

    /// <summary>Copy left in a sealed envelope at the address (art. 38 Judicial Code).</summary>
    LeftAtAddress,

    /// <summary>At the public prosecutor's office (no known address).</summary>
    PublicProsecutor,

    /// <summary>Electronic service.</summary>
    Electronic,

    /// <summary>Served abroad.</summary>
    Abroad,
}

/// <summary>Form of the opposition to a contrainte.</summary>
public enum OppositionKind
{
    Summons,
    AdversarialPetition,
}

/// <summary>What the labour court decided on the opposition.</summary>
public enum JudgmentOutcome
{
    Upheld,
    Reduced,
    Annulled,
}

/// <summary>Kind of seizure (part V of the Judicial Code).</summary>
public enum SeizureKind
{
    MovableGoods,
    Garnishment,
    RealEstate,
}

/// <summary>Conservatory or executory; an opposition turns executory seizures conservatory (art. 40).</summary>
public enum SeizureNature
{
    Conservatory,
    Executory,
}

/// <summary>Who collected a payment.</summary>
public enum PaymentSource
{
    Onss,
    Bailiff,
}

/// <summary>Why a payment plan ended.</summary>
public enum PaymentPlanEnd
{
    Completed,
    Defaulted,
    Revoked,
}

/// <summary>Kind of a dossier document (content kept by the host).</summary>
public enum DocumentKind
{
    ScannedTitle,
    CentralFileExtract,
    ServiceWrit,
    SeizureReport,
    Other,
}

/// <summary>Why an office refuses a dossier.</summary>
public enum RefusalReason
{
    ConflictOfInterest,
    NotCompetent,
    Capacity,
    Other,
}

/// <summary>Status of a bailiff office.</summary>
public enum BailiffStatus
{
    Active,
    Suspended,
    Departed,
}

/// <summary>Something an Operator must look at.</summary>
public enum EscalationKind
{
    ServiceDeadlineMissed,
    PrescriptionNear,
    Prescribed,

    /// <summary>A payment went beyond the debt: the surplus is a refund due to the payer (ONSS decides).</summary>
    OverpaymentRefundDue,

    /// <summary>An amicable dispute not decided by its deadline.</summary>
    DisputeOverdue,
}
