using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Dispatch;

namespace P4Orleans.Orleans.Tests.Platform;

/// <summary>
/// Dispatch run at once from two silos over many dossiers and offices with few free slots: the arrondissement's
/// dispatcher grain is the single writer, so no office goes above its capacity and each dossier is assigned once.
/// </summary>
public sealed class TwoSiloDispatchTests(TwoPlatformSilos cluster) : IClassFixture<TwoPlatformSilos>
{
    private const int Dossiers = 60;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task two_silos_dispatching_at_once_never_fill_an_office_above_its_capacity_and_assign_each_dossier_once()
    {
        var capacities = new Dictionary<string, int> { ["office-dp-1"] = 3, ["office-dp-2"] = 1, ["office-dp-3"] = 4, ["office-dp-4"] = 2, ["office-dp-5"] = 0 };
        foreach (var (office, capacity) in capacities)
        {
            await cluster.Grains.GetGrain<IBailiffGrain>(office).RegisterAsync(new BailiffRegistration("Étude " + office, "C-" + office, "liege", capacity));
        }
        // One slot is taken already: office-dp-1 has one open dossier before the run.
        var taken = await cluster.SubmitAsync("ONSS-DP-TAKEN");
        await cluster.Grains.GetGrain<IDossierGrain>(taken).AssignAsync("office-dp-1", "earlier");
        var free = capacities.Values.Sum() - 1;

        await Task.WhenAll(Enumerable.Range(0, Dossiers).Select(i => cluster.SubmitAsync($"ONSS-DP-{i:D3}")));
        var services = cluster.Cluster.Silos.Select(s => PlatformCluster.ServicesOf(s).GetRequiredService<DispatchService>()).ToList();
        Assert.Equal(2, services.Count);
        await Task.WhenAll(services.SelectMany(s => new[] { s.RunOnceAsync(Ct), s.RunOnceAsync(Ct), s.RunOnceAsync(Ct) }));

        foreach (var (office, capacity) in capacities)
        {
            var load = await cluster.CountAsync("""
                SELECT count(*) FROM orleans_grain_state WHERE service_id = $1 AND state_name = 'dossier' AND office_id = $2 AND status = ANY($3)
                """, cluster.ServiceId, office, DispatchService.OpenStatuses);
            Assert.True(load <= capacity, $"{office}: {load} open dossiers for a capacity of {capacity}");
        }
        var assigned = await cluster.CountAsync("""
            SELECT count(*) FROM orleans_grain_state WHERE service_id = $1 AND state_name = 'dossier' AND status = 'Assigned' AND grain_key <> $2
            """, cluster.ServiceId, taken);
        Assert.Equal(free, assigned);
        var twice = await cluster.CountAsync("""
            SELECT count(*) FROM (SELECT grain_key FROM journal WHERE service_id = $1 AND kind = 'dispatched' GROUP BY grain_key HAVING count(*) > 1) t
            """, cluster.ServiceId);
        Assert.Equal(0, twice);
        var dispatched = await cluster.CountAsync("SELECT count(*) FROM journal WHERE service_id = $1 AND kind = 'dispatched'", cluster.ServiceId);
        // The dossier taken beforehand was assigned by hand (AssignAsync journals it too): one entry each, no more.
        Assert.Equal(free + 1, dispatched);
        // The others wait for a slot, in the Operators' queue or still awaiting dispatch: none is lost.
        var all = await cluster.CountAsync("SELECT count(*) FROM orleans_grain_state WHERE service_id = $1 AND state_name = 'dossier'", cluster.ServiceId);
        Assert.Equal(Dossiers + 1, all);
    }
}
