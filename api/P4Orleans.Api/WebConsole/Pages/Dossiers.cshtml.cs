using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Dossiers;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Intake;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>
/// The dossier search: by ONSS reference (posted, so that it never appears in an address or a log), or by status,
/// office, arrondissement and next deadline (a query of non-personal fields). Audited as the API's lists.
/// </summary>
[Authorize(Policy = ConsolePolicies.Dossiers)]
[ConsoleAudited("dossier.list", "dossier")]
public sealed class DossiersModel(ConsoleQueries queries, IntakeService intake) : ConsolePage
{
    [BindProperty(SupportsGet = true)]
    public DossierStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Office { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Arrondissement { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? DeadlineBefore { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public DossierPage? Results { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid || !Optional(Office, out var office) || !Optional(Arrondissement, out var arrondissement) || !Optional(After, out var after))
        {
            Message = T["invalid-filter"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return PageWithStatus();
        }
        Results = await queries.DossiersAsync(new DossierFilter(Status, office, arrondissement, DeadlineBefore, after), ct);
        return Page();
    }

    /// <summary>The dossier of an ONSS reference: its page (303), or "not found" here.</summary>
    public async Task<IActionResult> OnPostFindAsync([FromForm] string? reference, CancellationToken ct)
    {
        if (Clean(reference, 100) is not { } wanted)
        {
            Message = T["dossiers.reference-required"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return PageWithStatus();
        }
        if (await intake.FindByReferenceAsync(wanted, ct) is { } dossierId)
        {
            HttpContext.AuditDossier(dossierId);
            return Redirect("/console/dossiers/" + Uri.EscapeDataString(dossierId));
        }
        Message = T["dossiers.no-such-reference"];
        Response.StatusCode = StatusCodes.Status404NotFound;
        return PageWithStatus();
    }

    // An empty field is no filter; a value too long or with a control character is refused (null).
    private static bool Optional(string? value, out string? clean)
    {
        clean = string.IsNullOrWhiteSpace(value) ? null : Clean(value, 200);
        return string.IsNullOrWhiteSpace(value) || clean is not null;
    }
}
