using Microsoft.AspNetCore.Authorization;
using P4Orleans.Api.Dossiers;
using P4Orleans.Api.Security;
using P4Orleans.Contracts;

namespace P4Orleans.Api.WebConsole.Pages;

/// <summary>The bailiff offices (Operators): roster, status, capacity, load and performance, from the office grains as <c>GET /operators/bailiffs</c>.</summary>
[Authorize(Policy = Policies.Operators)]
public sealed class OfficesModel(DossierQueries queries, IGrainFactory grains) : ConsolePage
{
    public IReadOnlyList<OperatorsApi.OfficeView> Roster { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var views = await Task.WhenAll((await queries.OfficeIdsAsync(ct)).Select(id => grains.GetGrain<IBailiffGrain>(id).GetAsync()));
        Roster = [.. views.Select(OperatorsApi.OfficeView.Of)];
    }
}
