using System.ComponentModel.DataAnnotations;

namespace P4Orleans.Contracts;

/// <summary>Configurable periods of the dossier lifecycle (configuration section <c>Dossier</c>).</summary>
public sealed class DossierOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Dossier";

    /// <summary>Working days (Belgian calendar) an office has to accept an assignment; missed means reassignment.</summary>
    [Range(0, 365)]
    public int AcceptanceDeadlineWorkingDays { get; set; } = 3;

    /// <summary>Calendar days after acceptance for the service; missed means escalation to Operators.</summary>
    // 0 is allowed: the service is due on the day of acceptance (the cluster tests use it to reach a deadline at once).
    [Range(0, 3650)]
    public int ServiceDeadlineDays { get; set; } = 30;

    /// <summary>Days before the prescription date at which Operators are warned.</summary>
    [Range(0, 3650)]
    public int PrescriptionWarningLeadDays { get; set; } = 90;

    /// <summary>
    /// Days personal data is kept once the dossier is paid, irrecoverable, withdrawn or closed and the
    /// intervention is closed (LEGAL.md §1: retention only until then; the grace lets late payments and
    /// corrections be reconciled). A platform choice, not a legal period.
    /// </summary>
    [Range(0, 3650)]
    public int RetentionGraceDays { get; set; } = 30;

    /// <summary>
    /// Calendar days an Operator has to decide an amicable dispute, from the day it was received, to the end of
    /// the last day (a platform deadline, not a legal one: no shift to the next working day).
    /// </summary>
    [Range(1, 365)]
    public int AmicableDisputeDecisionDays { get; set; } = 30;

    /// <summary>A pending third party's claim on seized goods suspends their sale. UNVERIFIED (not in LEGAL.md): configuration.</summary>
    public bool ThirdPartyClaimSuspendsSale { get; set; } = true;

    /// <summary>A pending dispute before the attachment judge suspends execution by itself. UNVERIFIED (not in LEGAL.md): configuration.</summary>
    public bool AttachmentJudgeSuspendsExecution { get; set; }

    /// <summary>A pending appeal against the judgment on opposition suspends execution. UNVERIFIED (not in LEGAL.md): configuration.</summary>
    public bool AppealSuspendsExecution { get; set; }
}
