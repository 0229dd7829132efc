using Microsoft.AspNetCore.Mvc;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Dossiers;
using P4Orleans.Api.Security;
using P4Orleans.Contracts;

namespace P4Orleans.Api.WebConsole.Pages;

// ONSS's acts on its dossier (a payment it received, payment terms granted and ended) and the Operators' record of the
// labour court's judgment: the API's grain commands (/onss/dossiers/{id}/payments, /payment-plan, /payment-plan/end;
// /operators/dossiers/{id}/judgment), built from the form with the API's input limits.
public sealed partial class DossierModel
{
    /// <summary>A payment received by ONSS (source Onss), its amount typed in euros.</summary>
    public Task<IActionResult> OnPostPaymentAsync([FromForm] string? amount, [FromForm] DateOnly? date, [FromForm] string? reference) =>
        ActAsync("record-payment", Roles.OnssAgent, d =>
        {
            var payment = new PaymentReport(Cents(amount, "amountCents"), Day(date, "date"), PaymentSource.Onss, Text(reference, "reference", required: true)!);
            Limits(payment);
            return d.RecordPaymentAsync(null, payment);
        });

    /// <summary>Payment terms granted by ONSS: granted on, instalments, each instalment's amount in euros, first due date.</summary>
    public Task<IActionResult> OnPostPlanAsync([FromForm] DateOnly? grantedOn, [FromForm] string? instalments, [FromForm] string? instalmentAmount,
        [FromForm] DateOnly? firstDueOn) =>
        ActAsync("grant-payment-plan", Roles.OnssAgent, d =>
        {
            var terms = new PaymentPlanTerms(Day(grantedOn, "grantedOn"), Count(instalments, "instalments"), Cents(instalmentAmount, "instalmentCents"),
                Day(firstDueOn, "firstDueOn"));
            Limits(terms);
            return d.GrantPaymentPlanAsync(terms);
        });

    /// <summary>The end of the payment terms: why (completed, defaulted, revoked) and when.</summary>
    public Task<IActionResult> OnPostPlanEndAsync([FromForm] string? reason, [FromForm] DateOnly? date) =>
        ActAsync("end-payment-plan", Roles.OnssAgent, d =>
        {
            var end = new OnssApi.PlanEnd(Choice<PaymentPlanEnd>(reason, "reason"), Day(date, "date"));
            Limits(end);
            return d.EndPaymentPlanAsync(end.Reason, end.Date);
        });

    /// <summary>The labour court's judgment on the opposition; a reduction names the claim as fixed, in euros.</summary>
    public Task<IActionResult> OnPostJudgmentAsync([FromForm] string? outcome, [FromForm] DateOnly? date, [FromForm] string? reducedTo) =>
        ActAsync("record-judgment", Roles.Operator, d =>
        {
            var judgment = new JudgmentReport(Choice<JudgmentOutcome>(outcome, "outcome"), Day(date, "date"),
                string.IsNullOrWhiteSpace(reducedTo) ? null : Cents(reducedTo, "reducedToCents"));
            Limits(judgment);
            return d.RecordJudgmentAsync(judgment);
        });

    /// <summary>
    /// Runs a command of the page: audited in the request's entry as <c>{"command":…}</c>; the wrong role is 403 and an
    /// unknown dossier "not found" before anything of the form is read; a refusal shows the dossier again with the
    /// message and the API's status; a success reads the page again (a reload does not post twice), at
    /// <paramref name="anchor"/> when given.
    /// </summary>
    private async Task<IActionResult> ActAsync(string command, string role, Func<IDossierGrain, Task> run, string anchor = "")
    {
        HttpContext.AuditDetails(System.Text.Json.JsonSerializer.Serialize(new { command }));
        if (!User.IsInRole(role))
        {
            return Forbid();
        }
        if (Clean(DossierId, 200) is null || !await TryAsync(() => grains.GetGrain<IDossierGrain>(DossierId).GetSummaryAsync()))
        {
            return NotFoundPage();
        }
        if (await TryAsync(() => run(grains.GetGrain<IDossierGrain>(DossierId))))
        {
            return Redirect(DossierPath + anchor);
        }
        await LoadAsync(HttpContext.RequestAborted);
        return PageWithStatus();
    }
}
