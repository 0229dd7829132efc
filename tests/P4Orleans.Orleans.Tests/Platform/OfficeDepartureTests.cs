using P4Orleans.Contracts;
using P4Orleans.Testing;

namespace P4Orleans.Orleans.Tests.Platform;

/// <summary>
/// An office leaving: its reassignment order is recorded in the same write as its status and delivered after it
/// to every open dossier, exactly once each, also when the silo dies between the write and the delivery (the
/// delivery is held by a test double of the office statistics until the silo is killed).
/// </summary>
public sealed class OfficeDepartureTests(TwoPlatformSilos cluster) : IClassFixture<TwoPlatformSilos>
{
    private const int Open = 12;

    [Fact]
    public async Task a_departure_reaches_each_open_dossier_once_even_when_the_silo_dies_between_the_offices_write_and_the_delivery()
    {
        const string office = "office-dep-1";
        await cluster.Grains.GetGrain<IBailiffGrain>(office).RegisterAsync(new BailiffRegistration("Étude Départ", "C-dep-1", "liege", 50));
        var ids = new List<string>();
        for (var i = 0; i < Open; i++)
        {
            var id = await cluster.SubmitAsync($"ONSS-DEP-{i:D3}");
            var dossier = cluster.Grains.GetGrain<IDossierGrain>(id);
            await dossier.AssignAsync(office, "test");
            if (i % 2 == 0)
            {
                await dossier.AcceptAsync(office);
            }
            ids.Add(id);
        }
        // A closed dossier of the office is not asked.
        var closed = ids[^1];
        await cluster.Grains.GetGrain<IDossierGrain>(closed).WithdrawAsync("settled");

        cluster.Statistics.Arm();
        var departure = cluster.Grains.GetGrain<IBailiffGrain>(office).SetStatusAsync(BailiffStatus.Departed);
        var holder = await cluster.Statistics.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        // The office's write is done (the delivery reads the open dossiers after it), and no dossier has heard yet.
        Assert.Contains("\"Departed\"", (await cluster.RowAsync("bailiff", office))!.Value.Payload, StringComparison.Ordinal);
        Assert.Equal(0, await ReleasedAsync(office));

        var silo = cluster.Cluster.Silos.Single(s => s.SiloAddress.Equals(holder));
        await cluster.Cluster.KillSiloAsync(silo, TestContext.Current.CancellationToken);
        cluster.Statistics.Release();
        await Assert.ThrowsAnyAsync<Exception>(() => departure.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));

        // The survivor finishes the order (the outbox reminder or the office's next activation).
        await Eventually.ValueAsync(() => ReleasedAsync(office), n => n >= Open - 1, attempts: 2_400);
        await Eventually.ValueAsync(async () => (await cluster.RowAsync("bailiff", office))!.Value.Payload,
            p => p.Contains("\"outbox\": []", StringComparison.Ordinal), attempts: 2_400);

        foreach (var id in ids.Where(i => i != closed))
        {
            Assert.Equal(1, await cluster.JournalCountAsync(id, JournalKinds.OfficeReleased));
            var summary = await cluster.Grains.GetGrain<IDossierGrain>(id).GetSummaryAsync();
            Assert.NotEqual(office, summary.AssignedOfficeId);
        }
        Assert.Equal(Open - 1, await ReleasedAsync(office));
        Assert.Equal(DossierStatus.Withdrawn, (await cluster.Grains.GetGrain<IDossierGrain>(closed).GetSummaryAsync()).Status);
    }

    private Task<long> ReleasedAsync(string office) => cluster.CountAsync("""
        SELECT count(*) FROM journal WHERE service_id = $1 AND kind = 'office-released' AND data ->> 'officeId' = $2 AND data ->> 'reason' = 'reassigned'
        """, cluster.ServiceId, office);
}
