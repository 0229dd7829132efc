using Microsoft.AspNetCore.Mvc;
using P4Orleans.Api.Security;
using P4Orleans.Contracts;

namespace P4Orleans.Api.WebConsole.Pages;

// The disputes' forms of the dossier page: ONSS raises an amicable dispute and resumes execution after one upheld;
// Operators take and decide amicable disputes and record judicial ones, their hearings and decisions. Each posts to the
// grain command the /onss and /operators dispute endpoints call (DisputesApi); the rules of law are the dossier's.
public sealed partial class DossierModel
{
    /// <summary>Where a dispute command brings the reader back: the page's disputes.</summary>
    private const string DisputesAnchor = "#disputes-title";

    /// <summary>ONSS records an amicable dispute raised with it (as <c>OnssRaiseDispute</c>).</summary>
    public Task<IActionResult> OnPostRaiseDisputeAsync([FromForm] string? ground, [FromForm] string? raisedBy, [FromForm] DateOnly? receivedOn,
        [FromForm] string? note) =>
        ActAsync("raise-dispute", Roles.OnssAgent, async d => await d.RaiseDisputeAsync(null, ConsoleDisputes.Report(HttpContext, T, ground, raisedBy, receivedOn, note)), DisputesAnchor);

    /// <summary>ONSS confirms its claim after a dispute suspended execution (as <c>OnssResumeAfterDispute</c>).</summary>
    public Task<IActionResult> OnPostResumeExecutionAsync() =>
        ActAsync("resume-after-dispute", Roles.OnssAgent, d => d.ResumeExecutionAfterDisputeAsync(), DisputesAnchor);

    /// <summary>The Operator takes charge of an amicable dispute (as <c>OperatorsAssignDispute</c> without a body: the caller).</summary>
    public Task<IActionResult> OnPostTakeDisputeAsync([FromForm] string? disputeId) =>
        ActAsync("assign-dispute", Roles.Operator, d =>
        {
            var operatorId = User.UserId() ?? throw new DossierValidationException("operatorId", "The Operator is required.");
            return d.AssignDisputeAsync(ConsoleDisputes.Id(T, disputeId), operatorId);
        }, DisputesAnchor);

    /// <summary>Decides an amicable dispute; a corrected amount is typed in euros (as <c>OperatorsDecideDispute</c>).</summary>
    public Task<IActionResult> OnPostDecideDisputeAsync([FromForm] string? disputeId, [FromForm] string? outcome, [FromForm] DateOnly? decidedOn,
        [FromForm] string? correctedTo, [FromForm] string? note) =>
        ActAsync("decide-dispute", Roles.Operator, d =>
        {
            var id = ConsoleDisputes.Id(T, disputeId);
            var decision = new AmicableDisputeDecision(ConsoleForm.Choice<AmicableOutcome>(T, outcome, "outcome"), ConsoleForm.Day(T, decidedOn, "decidedOn"),
                ConsoleForm.OptionalCents(T, correctedTo, "correctedToCents"), ConsoleForm.Text(T, note, "note", required: false));
            ConsoleForm.Limits(HttpContext, decision);
            return d.DecideDisputeAsync(id, decision);
        }, DisputesAnchor);

    /// <summary>Records a judicial dispute, with the seizures it concerns and its first hearing if fixed (as <c>OperatorsRecordJudicialDispute</c>).</summary>
    public Task<IActionResult> OnPostRecordJudicialDisputeAsync([FromForm] string? kind, [FromForm] string? court, [FromForm] DateOnly? filedOn,
        [FromForm] string[]? seizureIds, [FromForm] DateOnly? firstHearing) =>
        ActAsync("record-judicial-dispute", Roles.Operator, async d =>
        {
            var report = new JudicialDisputeReport(ConsoleForm.Choice<JudicialDisputeKind>(T, kind, "kind"), ConsoleForm.Text(T, court, "court", required: true)!,
                ConsoleForm.Day(T, filedOn, "filedOn"), [.. (seizureIds ?? []).Where(s => !string.IsNullOrWhiteSpace(s))], firstHearing);
            ConsoleForm.Limits(HttpContext, report);
            await d.RecordJudicialDisputeAsync(report);
        }, DisputesAnchor);

    /// <summary>Records a hearing fixed, or moved to a new day (as <c>OperatorsRecordHearing</c>).</summary>
    public Task<IActionResult> OnPostHearingAsync([FromForm] string? disputeId, [FromForm] DateOnly? date) =>
        ActAsync("record-hearing", Roles.Operator, d =>
        {
            var id = ConsoleDisputes.Id(T, disputeId);
            var hearing = new HearingReport(ConsoleForm.Day(T, date, "date"));
            ConsoleForm.Limits(HttpContext, hearing);
            return d.RecordHearingAsync(id, hearing);
        }, DisputesAnchor);

    /// <summary>Records the court's decision in a judicial dispute (as <c>OperatorsDecideJudicialDispute</c>).</summary>
    public Task<IActionResult> OnPostDecideJudicialDisputeAsync([FromForm] string? disputeId, [FromForm] string? outcome, [FromForm] DateOnly? decidedOn,
        [FromForm] string? reformedTo, [FromForm] string? reducedTo) =>
        ActAsync("decide-judicial-dispute", Roles.Operator, d =>
        {
            var id = ConsoleDisputes.Id(T, disputeId);
            var decision = new JudicialDisputeDecision(ConsoleForm.Choice<JudicialOutcome>(T, outcome, "outcome"), ConsoleForm.Day(T, decidedOn, "decidedOn"),
                ConsoleForm.OptionalChoice<JudgmentOutcome>(T, reformedTo, "reformedTo"), ConsoleForm.OptionalCents(T, reducedTo, "reducedToCents"));
            ConsoleForm.Limits(HttpContext, decision);
            return d.DecideJudicialDisputeAsync(id, decision);
        }, DisputesAnchor);

    /// <summary>Whether the signed-in Operator is the one in charge of <paramref name="dispute"/>.</summary>
    public bool InCharge(AmicableDisputeView dispute) => dispute.OperatorId is { } id && id == User.UserId();
}
