using System.Net;
using P4Orleans.Api.Security;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Api.Users;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Ops;

/// <summary>The Orleans Dashboard mounted in the gateway at /ops/dashboard, behind the Ops role.</summary>
public sealed class DashboardTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task ops_open_the_dashboard_and_see_the_silo_and_the_dossier_grain_type()
    {
        var ops = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.Ops));
        var onss = await _s.OnssAsync();
        await _s.SubmitAsync(onss, Contrainte("ONSS-DASH-1"));

        var page = await ops.GetAsync("/ops/dashboard/", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);

        // The counters list the cluster's silos (this gateway's co-hosted silo, on loopback) with their status.
        // The dashboard samples the cluster on its own period, so the first answer after start may list no silo yet.
        var counters = await ops.GetStringAsync("/ops/dashboard/DashboardCounters", Ct);
        for (var tries = 0; !counters.Contains("127.0.0.1", StringComparison.Ordinal) && tries < 60; tries++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
            counters = await ops.GetStringAsync("/ops/dashboard/DashboardCounters", Ct);
        }

        Assert.Contains("127.0.0.1", counters, StringComparison.Ordinal);
        Assert.Contains("Active", counters, StringComparison.Ordinal);

        var types = await ops.GetStringAsync("/ops/dashboard/GrainTypes", Ct);
        Assert.Contains("DossierGrain", types, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_dashboards_grain_state_view_shows_no_personal_data_in_clear()
    {
        var debtor = new Debtor("Vanderschrick", "Amélie", Niss(517), "Rue des Guillemins", "12", "4000", "Liège", "BE68539007547034");
        var onss = await _s.OnssAsync();
        var id = await _s.SubmitAsync(onss, Contrainte("ONSS-DASH-2", debtor));
        var ops = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.Ops));

        var state = await ops.GetAsync($"/ops/dashboard/GrainState?grainId={id}&grainType={typeof(Domain.Orleans.DossierGrain).FullName}", Ct);
        var body = await state.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, state.StatusCode);
        // The state is there (its sealed field and its reference), the person is not.
        Assert.Contains("ONSS-DASH-2", body, StringComparison.Ordinal);
        Assert.Contains("sealedPersonalData", body, StringComparison.OrdinalIgnoreCase);
        foreach (var clear in new[] { debtor.Name, debtor.FirstNames, debtor.Niss, debtor.Iban, debtor.Street })
        {
            Assert.DoesNotContain(clear, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task only_ops_reach_the_dashboard()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _s.Api.CreateClient().GetAsync("/ops/dashboard/ClusterStats", Ct)).StatusCode);
        // Operators read the ops pages of the API, not the dashboard: it shows every grain of the cluster.
        var operators = await _s.OperatorAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await operators.GetAsync("/ops/dashboard/ClusterStats", Ct)).StatusCode);
        var onss = await _s.OnssAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await onss.GetAsync("/ops/dashboard/GrainTypes", Ct)).StatusCode);
        var bailiff = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.Bailiff, OrganisationKind.BailiffOffice, "office-1"));
        Assert.Equal(HttpStatusCode.Forbidden, (await bailiff.GetAsync("/ops/dashboard/", Ct)).StatusCode);
    }
}
