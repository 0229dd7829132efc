using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Security;
using P4Orleans.Contracts;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>
/// One of the office's dossiers (Bailiff, BailiffClerk), in the office's view, with the office's commands its status
/// allows now. Another office's dossier is "not found", exactly as one that does not exist; the audit entry says
/// <c>refused:not-assigned-office:404</c> (as the /bailiff API).
/// </summary>
[Authorize(Policy = ConsolePolicies.Bailiffs)]
[ConsoleAudited("dossier.read", "dossier")]
public sealed class OfficeDossierModel(IGrainFactory grains) : ConsolePage
{
    [FromRoute]
    public string DossierId { get; set; } = "";

    public DossierSheet? Sheet { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await OwnedAsync() is { } office && await LoadAsync(office) ? Page() : NotFoundPage();

    public Task<IActionResult> OnPostAcceptAsync() => CommandAsync("accept", (d, office) => d.AcceptAsync(office), redirect: true);

    public Task<IActionResult> OnPostRefuseAsync([FromForm] RefusalReason? reason, [FromForm] string? note) =>
        CommandAsync("refuse", (d, office) => reason is { } r && (string.IsNullOrWhiteSpace(note) || Clean(note) is not null)
            ? d.RefuseAsync(office, r, string.IsNullOrWhiteSpace(note) ? null : Clean(note))
            : throw new DossierValidationException("reason", "A refusal needs a reason of the list and a note of at most 1,000 characters."), redirect: false);

    public Task<IActionResult> OnPostServiceAsync([FromForm] DateOnly? date, [FromForm] ServiceMode? mode, [FromForm] string? personMet, [FromForm] string? actReference) =>
        CommandAsync("report-service", (d, office) => date is { } day && mode is { } m && Optional(personMet, 200, out var person) && Optional(actReference, 100, out var act)
            ? d.ReportServiceAsync(office, new ServiceReport(day, m, person, act))
            : throw new DossierValidationException("date", "A service needs its date and mode; the person met and the act reference are short texts."), redirect: true);

    public Task<IActionResult> OnPostCloseAsync() => CommandAsync("close-intervention", (d, office) => d.CloseInterventionAsync(office), redirect: true);

    private static bool Optional(string? value, int max, out string? clean)
    {
        clean = string.IsNullOrWhiteSpace(value) ? null : Clean(value, max);
        return string.IsNullOrWhiteSpace(value) || clean is not null;
    }

    private async Task<IActionResult> CommandAsync(string command, Func<IDossierGrain, string, Task> run, bool redirect)
    {
        HttpContext.AuditDetails(System.Text.Json.JsonSerializer.Serialize(new { command }));
        if (await OwnedAsync() is not { } office)
        {
            return NotFoundPage();
        }
        if (await TryAsync(() => run(grains.GetGrain<IDossierGrain>(DossierId), office)))
        {
            // A refused dossier is no longer the office's: back to the list, nothing of it shown.
            return Redirect(redirect ? "/console/office/dossiers/" + Uri.EscapeDataString(DossierId) : "/console/office");
        }
        var (status, message) = (Response.StatusCode, Message);
        await LoadAsync(office);
        (Response.StatusCode, Message) = (status, message);
        return PageWithStatus();
    }

    /// <summary>The office when the dossier is assigned to it; null ("not found") otherwise, whether or not it exists.</summary>
    private async Task<string?> OwnedAsync()
    {
        if (User.OrganisationId() is not { } office || Clean(DossierId, 200) is null)
        {
            return null;
        }
        DossierSummary? summary = null;
        if (!await TryAsync(async () => summary = await grains.GetGrain<IDossierGrain>(DossierId).GetSummaryAsync()))
        {
            return null;
        }
        if (summary?.AssignedOfficeId != office)
        {
            HttpContext.AuditRefusal("not-assigned-office");
            return null;
        }
        return office;
    }

    private async Task<bool> LoadAsync(string office)
    {
        Sheet = DossierSheet.Of(await grains.GetGrain<IDossierGrain>(DossierId).GetForOfficeAsync(office));
        return true;
    }
}
