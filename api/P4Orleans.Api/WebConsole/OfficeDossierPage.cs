using Microsoft.AspNetCore.Mvc;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Security;
using P4Orleans.Contracts;

namespace P4Orleans.Api.WebConsole;

/// <summary>
/// What the pages of one of an office's dossiers share (the dossier with its forms, the document upload, the download):
/// the dossier only when it is assigned to the user's office ("not found" otherwise, whether or not it exists, audited
/// <c>refused:not-assigned-office:404</c> as the /bailiff API), the office's view of it, and a command run with the grain
/// call the API makes, its refusal shown on the page with the API's status.
/// </summary>
public abstract class OfficeDossierPage(IGrainFactory grains) : ConsolePage
{
    /// <summary>The address of an office's dossier page.</summary>
    public const string PathPrefix = "/console/office/dossiers/";

    /// <summary>The dossier's id from the path; a segment of blanks binds as null, kept here as "" (not found).</summary>
    [FromRoute]
    public string DossierId { get; set => field = value ?? ""; } = "";

    /// <summary>The office's view of the dossier, once loaded (null on "not found").</summary>
    public DossierSheet? Sheet { get; private set; }

    protected IGrainFactory Grains => grains;

    /// <summary>The seizure form as typed so far (kept when a row is added or the seizure is refused); empty at first.</summary>
    public SeizureDraft Seizure { get; protected set; } = SeizureDraft.Empty;

    /// <summary>The dossier's page (where a command leads back to).</summary>
    public string DossierPath => PathPrefix + Uri.EscapeDataString(DossierId);

    /// <summary>
    /// Runs an office's command on the dossier: audited in the request's entry as <c>{"command":…}</c>; another office's
    /// dossier is "not found" before anything is read of the form; a refusal shows the dossier again with the message.
    /// </summary>
    protected async Task<IActionResult> CommandAsync(string command, Func<IDossierGrain, string, Task> run, bool redirect)
    {
        HttpContext.AuditDetails(System.Text.Json.JsonSerializer.Serialize(new { command }));
        if (await OwnedAsync() is not { } office)
        {
            return NotFoundPage();
        }
        if (await TryAsync(() => run(grains.GetGrain<IDossierGrain>(DossierId), office)))
        {
            // A refused dossier is no longer the office's: back to the list, nothing of it shown.
            return Redirect(redirect ? DossierPath : "/console/office");
        }
        var (status, message) = (Response.StatusCode, Message);
        await LoadAsync(office);
        (Response.StatusCode, Message) = (status, message);
        return PageWithStatus();
    }

    /// <summary>The office when the dossier is assigned to it; null ("not found") otherwise, whether or not it exists.</summary>
    protected async Task<string?> OwnedAsync()
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

    /// <summary>Reads the office's view; its documents link to the console's download.</summary>
    protected async Task<bool> LoadAsync(string office)
    {
        Sheet = DossierSheet.Of(await grains.GetGrain<IDossierGrain>(DossierId).GetForOfficeAsync(office)) with { DocumentLinks = DossierPath + "/documents/" };
        return true;
    }
}
