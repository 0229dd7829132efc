namespace P4Orleans.Contracts;

/// <summary>What an amicable dispute contests (art. 40 §8: the concessionaire manages amicable disputes).</summary>
public enum DisputeGround
{
    /// <summary>The amount claimed is contested (calculation, components, costs).</summary>
    ContestedAmount,

    /// <summary>The person pursued is not the debtor (namesake, wrong enterprise number).</summary>
    Identity,

    /// <summary>The debtor says the debt, or part of it, was already paid.</summary>
    PaymentAlreadyMade,

    /// <summary>The procedure is contested (notice, service, competence).</summary>
    Procedure,
}

/// <summary>Who raises an amicable dispute.</summary>
public enum DisputeParty
{
    Debtor,

    /// <summary>A third party (garnishee, co-owner, heir...).</summary>
    ThirdParty,
}

/// <summary>How the dispute reached the platform.</summary>
public enum DisputeChannel
{
    /// <summary>Raised with ONSS, which recorded it.</summary>
    Onss,

    /// <summary>Raised with the assigned bailiff office, which recorded it.</summary>
    Office,
}

/// <summary>The Operator's decision on an amicable dispute.</summary>
public enum AmicableOutcome
{
    /// <summary>The dispute is founded: execution is suspended until ONSS withdraws the title or confirms its claim.</summary>
    Upheld,

    /// <summary>The dispute is unfounded: the procedure goes on unchanged.</summary>
    Rejected,

    /// <summary>The claim is corrected to a lower amount: the ledger is rebuilt.</summary>
    AmountCorrected,

    /// <summary>ONSS alone can decide (its own calculation, its own title): handed over, the procedure goes on.</summary>
    TransferredToOnss,
}

/// <summary>A judicial dispute besides the opposition to the contrainte.</summary>
public enum JudicialDisputeKind
{
    /// <summary>A third party claims the goods seized as its own (revendication).</summary>
    ThirdPartyClaim,

    /// <summary>A dispute on the execution before the attachment judge (juge des saisies / beslagrechter).</summary>
    AttachmentJudge,

    /// <summary>An appeal against the labour court's judgment on the opposition.</summary>
    Appeal,
}

/// <summary>How a judicial dispute ended.</summary>
public enum JudicialOutcome
{
    /// <summary>The claimant or appellant lost: execution as before.</summary>
    Rejected,

    /// <summary>The claimant or appellant won: see the effect of each kind (grains/README.md).</summary>
    Granted,

    /// <summary>The claim or appeal was withdrawn: as if rejected.</summary>
    Withdrawn,
}

/// <summary>Kinds of the disputes' journal entries (no personal data: codes, dates, amounts, ids).</summary>
public static class DisputeJournalKinds
{
    public const string Raised = "dispute-raised";
    public const string Assigned = "dispute-assigned";
    public const string Decided = "dispute-decided";
    public const string Overdue = "dispute-overdue";
    public const string JudicialRecorded = "judicial-dispute-recorded";
    public const string HearingSet = "judicial-dispute-hearing";
    public const string JudicialDecided = "judicial-dispute-decided";
    public const string ExecutionResumed = "dispute-execution-resumed";
}
