using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Dossiers;
using P4Orleans.Api.Security;
using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Recovery.Dispatch;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>
/// The manual decisions (Operators): the dossiers dispatch left to a person, each with the competent active offices of its
/// arrondissement and their load, and one form to assign it with a reason (journaled by the dossier, as the API's assignment).
/// </summary>
[Authorize(Policy = Policies.Operators)]
[ConsoleAudited("dossier.list", "dossier")]
public sealed class DecisionsModel(DossierQueries queries, DispatchQueries dispatch, IGrainFactory grains) : ConsolePage
{
    private readonly Dictionary<string, IReadOnlyList<DispatchCandidate>> _offices = new(StringComparer.Ordinal);

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public IReadOnlyList<DossierListItem> Queue { get; private set; } = [];

    public string? NextAfter { get; private set; }

    public IReadOnlyList<DispatchCandidate> OfficesOf(string? arrondissement) =>
        _offices.TryGetValue(arrondissement ?? DispatchQueries.NoArrondissement, out var offices) ? offices : [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return PageWithStatus();
    }

    public async Task<IActionResult> OnPostAssignAsync([FromForm] string? dossierId, [FromForm] string? officeId, [FromForm] string? reason, CancellationToken ct)
    {
        HttpContext.AuditDetails("{\"command\":\"assign\"}");
        if (Clean(dossierId, 200) is not { } id)
        {
            return NotFoundPage();
        }
        HttpContext.AuditDossier(id);
        var dossier = grains.GetGrain<IDossierGrain>(id);
        if (Clean(reason) is not { } why)
        {
            Message = T["reason-required"];
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else if (await TryAsync(async () =>
        {
            await dossier.GetSummaryAsync();
            await dossier.AssignByOperatorAsync(await DossierModel.OfficeAsync(grains, officeId), why);
        }))
        {
            return Redirect("/console/dossiers/" + Uri.EscapeDataString(id));
        }
        await LoadAsync(ct);
        return PageWithStatus();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var after = string.IsNullOrEmpty(After) ? null : Clean(After, 200);
        var page = await queries.ListAsync(DossierStatus.NeedsManualDecision, null, after, ConsoleQueries.PageSize, ct);
        Queue = page.Items;
        NextAfter = page.NextAfter;
        foreach (var arrondissement in Queue.Select(d => d.ArrondissementId ?? DispatchQueries.NoArrondissement).Distinct(StringComparer.Ordinal))
        {
            _offices[arrondissement] = [.. (await dispatch.OfficesAsync(arrondissement, ct)).Where(o => o.Status == BailiffStatus.Active)];
        }
    }
}
