using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using P4Orleans.Api.Dossiers;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>A bailiff office's own dossiers (Bailiff, BailiffClerk), as <c>GET /bailiff/dossiers</c>: no personal data.</summary>
[Authorize(Policy = ConsolePolicies.Bailiffs)]
[ConsoleAudited("dossier.list", "dossier")]
public sealed class OfficeModel(DossierQueries queries) : ConsolePage
{
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public string OfficeId => User.OrganisationId() ?? "";

    public DossierPage Results { get; private set; } = new([], null);

    public async Task OnGetAsync(CancellationToken ct) =>
        Results = await queries.ListAsync(null, OfficeId, string.IsNullOrEmpty(After) ? null : Clean(After, 200), ConsoleQueries.PageSize, ct);
}
