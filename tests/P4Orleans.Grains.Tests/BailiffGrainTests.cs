using P4Orleans.Contracts;

namespace P4Orleans.Grains.Tests;

public class BailiffGrainTests
{
    private static async Task<Fakes.GrainHarness<P4Orleans.Domain.BailiffModel, P4Orleans.Domain.BailiffState>> Registered(int capacity = 120)
    {
        var b = TestData.NewBailiff();
        await b.Turn(g => g.RegisterAsync(new BailiffRegistration("Étude Dupont", "CNH-123", "liege", capacity, ["u-1"])));
        return b;
    }

    [Fact]
    public async Task an_unregistered_office_is_not_found()
    {
        var b = TestData.NewBailiff();
        await Assert.ThrowsAsync<BailiffNotFoundException>(() => b.Turn(g => g.GetAsync(OfficeStatistics.Empty)));
    }

    [Fact]
    public async Task an_office_outside_the_twelve_arrondissements_is_refused()
    {
        var b = TestData.NewBailiff();
        await Assert.ThrowsAsync<DossierValidationException>(() =>
            b.Turn(g => g.RegisterAsync(new BailiffRegistration("X", "1", "halle-vilvoorde", 10))));
    }

    [Fact]
    public async Task a_departing_office_records_one_reassignment_order_in_the_same_turn()
    {
        var b = await Registered();
        await b.Turn(g => g.SetStatusAsync(BailiffStatus.Departed));
        await b.Turn(g => g.SetStatusAsync(BailiffStatus.Departed));

        var order = Assert.Single(b.State.Outbox);
        Assert.Equal(BailiffStatus.Departed, order.OfficeStatus);
        Assert.NotEqual(Guid.Empty, order.MessageId);
        await Assert.ThrowsAsync<DossierValidationException>(() => b.Turn(g => g.SetStatusAsync(BailiffStatus.Active)));
    }

    [Fact]
    public async Task users_and_capacity_are_managed_by_operators()
    {
        var b = await Registered();
        await b.Turn(g => g.AddUserAsync("u-2"));
        await b.Turn(g => g.RemoveUserAsync("u-1"));
        await b.Turn(g => g.SetCapacityAsync(80));
        var view = await b.Turn(g => g.GetAsync(OfficeStatistics.Empty));
        Assert.Equal(["u-2"], view.UserIds);
        Assert.Equal(80, view.Capacity);
    }
}
