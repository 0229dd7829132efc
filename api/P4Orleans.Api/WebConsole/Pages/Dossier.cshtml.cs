using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
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
    /// <summary>The dossier's id from the path; a segment of blanks binds as null, kept here as "" (not found).</summary>
    [FromRoute]
    public string DossierId { get; set => field = value ?? ""; } = "";

    public DossierSheet? Sheet { get; private set; }

    /// <summary>The competent active offices (the dossier's arrondissement), with their load.</summary>
    public IReadOnlyList<DispatchCandidate> Offices { get; private set; } = [];

    public bool IsOperator => User.IsInRole(Roles.Operator);

    public bool IsOnss => User.IsInRole(Roles.OnssAgent);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFoundPage();

    public Task<IActionResult> OnPostAssignAsync([FromForm] string? officeId, [FromForm] string? reason) =>
        CommandAsync("assign", Roles.Operator, reason, async (d, why) => await d.AssignByOperatorAsync(await OfficeAsync(grains, officeId), why));

    public Task<IActionResult> OnPostReassignAsync([FromForm] string? officeId, [FromForm] string? reason) =>
        CommandAsync("reassign", Roles.Operator, reason,
            async (d, why) => await d.ReassignAsync(string.IsNullOrEmpty(officeId) ? null : await OfficeAsync(grains, officeId), why));

    public Task<IActionResult> OnPostWithdrawAsync([FromForm] string? reason) =>
        CommandAsync("withdraw", Roles.OnssAgent, reason, (d, why) => d.WithdrawAsync(why));

    public Task<IActionResult> OnPostIrrecoverableAsync([FromForm] string? reason) =>
        CommandAsync("declare-irrecoverable", Roles.OnssAgent, reason, (d, why) => d.DeclareIrrecoverableAsync(why));

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

    // The commands that take a reason: as the page's other acts, the reason checked once the dossier is found.
    private Task<IActionResult> CommandAsync(string command, string role, string? reason, Func<IDossierGrain, string, Task> run) =>
        ActAsync(command, role, d => run(d, Clean(reason) ?? throw new DossierValidationException("reason", T["reason-required"])));

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
