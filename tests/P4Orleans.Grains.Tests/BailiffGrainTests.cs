using P4Orleans.Contracts;

namespace P4Orleans.Grains.Tests;

public class BailiffGrainTests
{
    private static async Task<Fakes.GrainHarness<P4Orleans.Domain.BailiffGrain, P4Orleans.Domain.BailiffState>> Registered(int capacity = 120)
    {
        var b = TestData.NewBailiff();
        await b.Turn(g => g.RegisterAsync(new BailiffRegistration("Étude Dupont", "CNH-123", "liege", capacity, ["u-1"])));
        return b;
    }

    [Fact]
    public async Task an_unregistered_office_is_not_found()
    {
        var b = TestData.NewBailiff();
        await Assert.ThrowsAsync<BailiffNotFoundException>(() => b.Turn(g => g.GetAsync()));
    }

    [Fact]
    public async Task an_office_outside_the_twelve_arrondissements_is_refused()
    {
        var b = TestData.NewBailiff();
        await Assert.ThrowsAsync<DossierValidationException>(() =>
            b.Turn(g => g.RegisterAsync(new BailiffRegistration("X", "1", "halle-vilvoorde", 10))));
    }

    [Fact]
    public async Task dossier_messages_keep_the_load_and_the_performance_even_when_delivered_twice()
    {
        var b = await Registered(4);
        var at = TestData.Start;
        await b.DeliverAsync(new DossierAssigned("d-1", "office-1", at));
        await b.DeliverAsync(new DossierAssigned("d-1", "office-1", at));
        await b.DeliverAsync(new DossierAssigned("d-2", "office-1", at));
        await b.DeliverAsync(new DossierAssigned("d-3", "office-1", at));
        await b.DeliverAsync(new DossierAccepted("d-1", "office-1", at));
        await b.DeliverAsync(new DossierAccepted("d-1", "office-1", at));
        await b.DeliverAsync(new DossierServed("d-1", "office-1", new DateOnly(2025, 3, 10), new DateOnly(2025, 3, 20)));
        await b.DeliverAsync(new DossierRefused("d-2", "office-1", RefusalReason.Capacity, at));
        await b.DeliverAsync(new AcceptanceMissed("d-3", "office-1", at));
        await b.DeliverAsync(new AcceptanceMissed("d-3", "office-1", at));

        var view = await b.Turn(g => g.GetAsync());
        Assert.Equal(["d-1"], view.OpenDossierIds);
        Assert.Equal(1, view.Load);
        Assert.Equal(0.25, view.LoadRatio);
        Assert.Equal(new BailiffPerformance(3, 1, 1, 1, 1, 10.0), view.Performance);

        await b.DeliverAsync(new DossierReleased("d-1", "office-1", "Paid"));
        Assert.Equal(0, (await b.Turn(g => g.GetAsync())).Load);
    }

    [Fact]
    public async Task a_departing_office_asks_each_open_dossier_for_reassignment()
    {
        var b = await Registered();
        await b.DeliverAsync(new DossierAssigned("d-2", "office-1", TestData.Start));
        await b.DeliverAsync(new DossierAssigned("d-1", "office-1", TestData.Start));
        await b.Turn(g => g.SetStatusAsync(BailiffStatus.Departed));

        Assert.Equal(["d-1", "d-2"], b.Sent.Select(s => s.Target.Key));
        Assert.All(b.Sent, s => Assert.Equal(GrainTypes.Dossier, s.Target.Type));
        Assert.All(b.SentOf<ReassignmentRequested>(), m => Assert.Equal(BailiffStatus.Departed, m.OfficeStatus));
        await Assert.ThrowsAsync<DossierValidationException>(() => b.Turn(g => g.SetStatusAsync(BailiffStatus.Active)));
    }

    [Fact]
    public async Task the_index_gives_status_arrondissement_and_load()
    {
        var b = await Registered();
        await b.DeliverAsync(new DossierAssigned("d-1", "office-1", TestData.Start));
        var index = b.State.GetIndex();
        Assert.Equal(("Active", "liege", 1L), (index.Status, index.Group, index.Amount));
        Assert.Contains("\"capacity\":120", b.StateJson);
    }

    [Fact]
    public async Task users_and_capacity_are_managed_by_operators()
    {
        var b = await Registered();
        await b.Turn(g => g.AddUserAsync("u-2"));
        await b.Turn(g => g.RemoveUserAsync("u-1"));
        await b.Turn(g => g.SetCapacityAsync(80));
        var view = await b.Turn(g => g.GetAsync());
        Assert.Equal(["u-2"], view.UserIds);
        Assert.Equal(80, view.Capacity);
    }
}
