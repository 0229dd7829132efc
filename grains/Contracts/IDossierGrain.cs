using Orleans.Concurrency;

namespace P4Orleans.Contracts;

/// <summary>
/// One enforceable title against one debtor, from intake to purge. Key: the dossier id. Every write is a
/// turn: an illegal command in the current status throws <see cref="IllegalTransitionException"/>, invalid
/// input <see cref="DossierValidationException"/>, an office acting on a dossier not assigned to it
/// <see cref="NotAssignedOfficeException"/>, a command on a dossier never submitted
/// <see cref="DossierNotFoundException"/>. Personal data is sealed with <see cref="IPersonalDataVault"/>.
/// </summary>
public interface IDossierGrain : IGrainWithStringKey
{
    /// <summary>Validates and records a title (same factory as the bulk path). A resubmission of the same
    /// payload returns the dossier as a duplicate; a different payload throws <see cref="SubmissionConflictException"/>.</summary>
    Task<SubmissionOutcome> SubmitAsync(TitleSubmission submission);

    /// <summary>Assigns the dossier to a bailiff office (batch dispatcher or an Operator's manual decision),
    /// with the explanation journalled (no personal data). Starts the acceptance deadline.</summary>
    Task AssignAsync(string officeId, string explanation);

    /// <summary>An Operator's manual decision: assigns the dossier to <paramref name="office"/>, which must be active,
    /// not excluded, and of the dossier's arrondissement (a dossier without one takes the office's). Otherwise
    /// <see cref="OfficeNotEligibleException"/>.</summary>
    Task AssignByOperatorAsync(OfficeFacts office, string reason);

    /// <summary>Sends the dossier to the Operators' queue: no office could be chosen (reason code, no personal data).</summary>
    Task RequireManualDecisionAsync(string reason);

    /// <summary>The assigned office accepts; starts the service deadline.</summary>
    Task AcceptAsync(string officeId);

    /// <summary>The assigned office refuses; the dossier goes back to dispatch with that office excluded.</summary>
    Task RefuseAsync(string officeId, RefusalReason reason, string? note);

    /// <summary>An Operator takes the dossier from its office: to <paramref name="office"/> directly (same rules as
    /// <see cref="AssignByOperatorAsync"/>), or back to dispatch when null. The procedure's progress is kept and
    /// resumes when the new office accepts.</summary>
    Task ReassignAsync(OfficeFacts? office, string reason);

    /// <summary>The office reports the service with command to pay: executable and opposition deadlines start;
    /// prescription is interrupted; the service cost is charged.</summary>
    Task ReportServiceAsync(string officeId, ServiceReport report);

    /// <summary>An opposition was filed (reported by the office, or by ONSS when <paramref name="officeId"/> is null):
    /// execution and prescription are suspended, seizures made become conservatory.</summary>
    Task ReportOppositionAsync(string? officeId, OppositionReport report);

    /// <summary>The labour court ruled on the opposition: upheld resumes, reduced adjusts the ledger and resumes,
    /// annulled closes the dossier.</summary>
    Task RecordJudgmentAsync(JudgmentReport judgment);

    /// <summary>The office reports a seizure and the assets listed; its cost is charged. Returns the seizure id.</summary>
    Task<string> ReportSeizureAsync(string officeId, SeizureReport report);

    /// <summary>Records a document's metadata (scanned title, central-file extract...). <paramref name="officeId"/>
    /// null for ONSS or an Operator.</summary>
    Task AttachDocumentAsync(string? officeId, DocumentUpload document);

    /// <summary>Records a payment (imputed by the law engine). Partial payments never stop the procedure;
    /// a zero balance makes the dossier Paid. <paramref name="officeId"/> is required for a bailiff's collection.</summary>
    Task RecordPaymentAsync(string? officeId, PaymentReport payment);

    /// <summary>ONSS grants payment terms: execution pauses.</summary>
    Task GrantPaymentPlanAsync(PaymentPlanTerms terms);

    /// <summary>The payment terms end (completed, defaulted, revoked): execution resumes.</summary>
    Task EndPaymentPlanAsync(PaymentPlanEnd reason, DateOnly date);

    /// <summary>ONSS declares the claim irrecoverable.</summary>
    Task DeclareIrrecoverableAsync(string reason);

    /// <summary>ONSS withdraws the title.</summary>
    Task WithdrawAsync(string reason);

    /// <summary>The office closes its intervention after the outcome; with the outcome, starts the retention period.</summary>
    Task CloseInterventionAsync(string officeId);

    /// <summary>Applies every deadline that has come due (idempotent; never one not yet due). The grain's reminder
    /// and the silos' catch-up both call it. Returns how many deadlines were applied.</summary>
    Task<int> WakeAsync();

    /// <summary>The office <paramref name="request"/> names was suspended or departed: when the dossier is still
    /// with that office, it goes back to dispatch. Applied once per message id.</summary>
    Task ReassignFromOfficeAsync(ReassignmentRequested request);

    /// <summary>Records an amicable dispute raised through ONSS (<paramref name="officeId"/> null) or the assigned office; its
    /// decision deadline starts. Returns the dispute id (<c>A1</c>, <c>A2</c>...).</summary>
    Task<string> RaiseDisputeAsync(string? officeId, AmicableDisputeReport report);

    /// <summary>An Operator takes charge of an open amicable dispute (<see cref="DisputeNotFoundException"/> for an unknown id).</summary>
    Task AssignDisputeAsync(string disputeId, Guid operatorId);

    /// <summary>The assigned Operator decides an amicable dispute: upheld suspends execution, a correction rebuilds the ledger.</summary>
    Task DecideDisputeAsync(string disputeId, AmicableDisputeDecision decision);

    /// <summary>ONSS confirms its claim after a dispute outcome suspended execution: execution resumes.</summary>
    Task ResumeExecutionAfterDisputeAsync();

    /// <summary>An Operator records a judicial dispute besides the opposition. Returns its id (<c>J1</c>...).</summary>
    Task<string> RecordJudicialDisputeAsync(JudicialDisputeReport report);

    /// <summary>An Operator records a hearing fixed or moved in a judicial dispute.</summary>
    Task RecordHearingAsync(string disputeId, HearingReport hearing);

    /// <summary>An Operator records the court's decision in a judicial dispute, with its effect on execution or the claim.</summary>
    Task DecideJudicialDisputeAsync(string disputeId, JudicialDisputeDecision decision);

    /// <summary>The full view, personal data unsealed.</summary>
    [ReadOnly]
    Task<DossierView> GetAsync();

    /// <summary>The assigned office's projection (<see cref="BailiffDossierView"/>); another office gets
    /// <see cref="NotAssignedOfficeException"/>.</summary>
    [ReadOnly]
    Task<BailiffDossierView> GetForOfficeAsync(string officeId);

    /// <summary>ONSS's projection (<see cref="OnssDossierView"/>).</summary>
    [ReadOnly]
    Task<OnssDossierView> GetForOnssAsync();

    /// <summary>The state as stored (JSON; personal data sealed): what the Orleans Dashboard's state view shows.</summary>
    [ReadOnly]
    Task<string> GetState();

    /// <summary>A summary without personal data.</summary>
    [ReadOnly]
    Task<DossierSummary> GetSummaryAsync();

    /// <summary>Queues a communication to the debtor (eBox for an enterprise, registered letter otherwise) and makes
    /// its first delivery attempt. The text and the recipient are sealed.</summary>
    Task<CommunicationView> SendCommunicationAsync(CommunicationRequest request);

    /// <summary>Records a delivery or a reading (idempotent: the first of each counts); deadlines follow.</summary>
    Task<CommunicationView> AcknowledgeCommunicationAsync(string communicationId, CommunicationAcknowledgement acknowledgement);

    /// <summary>Queues a failed communication again (attempts counted anew) and attempts it at once.</summary>
    Task<CommunicationView> RetryCommunicationAsync(string communicationId);

    /// <summary>Gives up a failed or pending communication.</summary>
    Task<CommunicationView> AbandonCommunicationAsync(string communicationId);

    /// <summary>The dossier's communications, newest first, without their content.</summary>
    [ReadOnly]
    Task<IReadOnlyList<CommunicationView>> GetCommunicationsAsync();
}
