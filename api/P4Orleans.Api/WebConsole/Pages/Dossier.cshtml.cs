using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Security;
using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Recovery.Dispatch;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>
/// A dossier's page for Operators (the Operators' view) and ONSS agents (ONSS's view): its timeline, dates, ledger and
/// documents, and the forms of the commands its status allows now, posted to the same grain commands as the API. Audited
/// as <c>dossier.read</c>; a command adds <c>{"command":…}</c> to the request's entry.
/// </summary>
[Authorize(Policy = ConsolePolicies.Dossiers)]
[ConsoleAudited("dossier.read", "dossier")]
public sealed partial class DossierModel(IGrainFactory grains, DispatchQueries dispatch) : ConsolePage
{
    [FromRoute]
    public string DossierId { get; set; } = "";

    public DossierSheet? Sheet { get; private set; }

    /// <summary>The competent active offices (the dossier's arrondissement), with their load.</summary>
    public IReadOnlyList<DispatchCandidate> Offices { get; private set; } = [];

    public bool IsOperator => User.IsInRole(Roles.Operator);

    public bool IsOnss => User.IsInRole(Roles.OnssAgent);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFoundPage();

    public Task<IActionResult> OnPostAssignAsync([FromForm] string? officeId, [FromForm] string? reason, CancellationToken ct) =>
        CommandAsync("assign", Roles.Operator, reason, async (d, why) => await d.AssignByOperatorAsync(await OfficeAsync(grains, officeId), why), ct);

    public Task<IActionResult> OnPostReassignAsync([FromForm] string? officeId, [FromForm] string? reason, CancellationToken ct) =>
        CommandAsync("reassign", Roles.Operator, reason,
            async (d, why) => await d.ReassignAsync(string.IsNullOrEmpty(officeId) ? null : await OfficeAsync(grains, officeId), why), ct);

    public Task<IActionResult> OnPostWithdrawAsync([FromForm] string? reason, CancellationToken ct) =>
        CommandAsync("withdraw", Roles.OnssAgent, reason, (d, why) => d.WithdrawAsync(why), ct);

    public Task<IActionResult> OnPostIrrecoverableAsync([FromForm] string? reason, CancellationToken ct) =>
        CommandAsync("declare-irrecoverable", Roles.OnssAgent, reason, (d, why) => d.DeclareIrrecoverableAsync(why), ct);

    /// <summary>The office an Operator names, read from its grain (an unknown id is refused and creates nothing).</summary>
    public static async Task<OfficeFacts> OfficeAsync(IGrainFactory grains, string? officeId)
    {
        if (Clean(officeId, 100) is not { } id)
        {
            throw new DossierValidationException("officeId", "The office is required.");
        }
        var office = await grains.GetGrain<IBailiffGrain>(id).GetAsync();
        return new OfficeFacts(office.OfficeId, office.ArrondissementId, office.Status);
    }

    private async Task<IActionResult> CommandAsync(string command, string role, string? reason, Func<IDossierGrain, string, Task> run, CancellationToken ct)
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
        if (Clean(reason) is not { } why)
        {
            Message = T["reason-required"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else if (await TryAsync(() => run(grains.GetGrain<IDossierGrain>(DossierId), why)))
        {
            // After a change the browser reads the page again (a reload does not post twice).
            return Redirect("/console/dossiers/" + Uri.EscapeDataString(DossierId));
        }
        await LoadAsync(ct);
        return PageWithStatus();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (Clean(DossierId, 200) is null)
        {
            return false;
        }
        var dossier = grains.GetGrain<IDossierGrain>(DossierId);
        var status = Response.StatusCode;
        var message = Message;
        if (!await TryAsync(() => dossier.GetSummaryAsync()))
        {
            return false;
        }
        // A refused command's status and message stay (reading the page again succeeded).
        (Response.StatusCode, Message) = (status, message);
        Sheet = await ReadSheetAsync(dossier);
        if (IsOperator)
        {
            Offices = [.. (await dispatch.OfficesAsync(Sheet.ArrondissementId ?? DispatchQueries.NoArrondissement, ct)).Where(o => o.Status == BailiffStatus.Active)];
        }
        return true;
    }
}
