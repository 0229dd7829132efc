using P4Orleans.Contracts;

namespace P4Orleans.Grains.Tests;

public class OfficeEligibilityTests
{
    private static OfficeFacts Office(string id = "office-7", string arrondissement = "liege", BailiffStatus status = BailiffStatus.Active) =>
        new(id, arrondissement, status);

    [Theory]
    [InlineData("liege", BailiffStatus.Suspended, "office-suspended")]
    [InlineData("liege", BailiffStatus.Departed, "office-departed")]
    [InlineData("brussels", BailiffStatus.Active, "other-arrondissement")]
    [InlineData("namur", BailiffStatus.Active, "other-arrondissement")]
    [InlineData("brussels", BailiffStatus.Departed, "office-departed")] // the status is named first
    public async Task an_operator_cannot_assign_a_dossier_to_an_office_that_is_not_active_and_competent(string arrondissement, BailiffStatus status, string reason)
    {
        var d = TestData.NewDossier();
        await d.Submitted();
        var before = d.Grain.StateJson;

        var refused = await Assert.ThrowsAsync<OfficeNotEligibleException>(() => d.Do(g => g.AssignByOperatorAsync(Office(arrondissement: arrondissement, status: status), "by hand")));

        Assert.Equal(reason, refused.Reason);
        Assert.Equal(before, d.Grain.StateJson);
        Assert.Empty(d.Grain.Sent);
    }

    [Fact]
    public async Task an_operator_assigns_a_dossier_to_an_active_office_of_its_arrondissement_and_the_reason_stays_sealed()
    {
        var d = TestData.NewDossier();
        await d.Submitted();
        await d.Do(g => g.AssignByOperatorAsync(Office(), "the debtor Vandermeulen asked for it"));

        Assert.Equal(DossierStatus.Assigned, d.State.Status);
        Assert.Equal("office-7", d.State.AssignedOfficeId);
        Assert.Equal("office-7", Assert.Single(d.Grain.SentOf<DossierAssigned>()).OfficeId);
        Assert.DoesNotContain("Vandermeulen asked", d.Grain.StateJson);
        Assert.Contains((await d.View()).Notes, n => n.Kind == "assignment" && n.Text == "the debtor Vandermeulen asked for it");
    }

    [Fact]
    public async Task an_operator_cannot_assign_an_excluded_office()
    {
        var d = TestData.NewDossier();
        await d.Submitted();
        await d.Do(g => g.AssignAsync("office-7", "x"));
        await d.Do(g => g.RefuseAsync("office-7", RefusalReason.Capacity, null));
        var refused = await Assert.ThrowsAsync<OfficeNotEligibleException>(() => d.Do(g => g.AssignByOperatorAsync(Office(), "again")));
        Assert.Equal("office-excluded", refused.Reason);
    }

    [Theory]
    [InlineData("office-1", "liege", BailiffStatus.Active, "same-office")]
    [InlineData("office-3", "liege", BailiffStatus.Departed, "office-departed")]
    [InlineData("office-3", "liege", BailiffStatus.Suspended, "office-suspended")]
    [InlineData("office-3", "hainaut", BailiffStatus.Active, "other-arrondissement")]
    public async Task a_reassignment_to_an_ineligible_office_leaves_the_dossier_with_its_office(string id, string arrondissement, BailiffStatus status, string reason)
    {
        var d = TestData.NewDossier();
        await d.Served();
        var before = d.Grain.StateJson;

        var refused = await Assert.ThrowsAsync<OfficeNotEligibleException>(() => d.Do(g => g.ReassignAsync(Office(id, arrondissement, status), "move it")));

        Assert.Equal(reason, refused.Reason);
        Assert.Equal(before, d.Grain.StateJson);
        Assert.Equal("office-1", d.State.AssignedOfficeId);
    }

    [Fact]
    public async Task an_office_never_registered_ignores_dossier_messages_and_keeps_no_record()
    {
        var office = TestData.NewBailiff("ghost");
        await office.DeliverAsync(new DossierAssigned("d-1", "ghost", TestData.Start));
        await office.DeliverAsync(new DossierAccepted("d-1", "ghost", TestData.Start));
        await office.DeliverAsync(new DossierServed("d-1", "ghost", new DateOnly(2025, 3, 10), new DateOnly(2025, 3, 11)));

        Assert.False(office.State.Registered);
        Assert.Empty(office.State.Open);
        Assert.Equal(0, office.State.Assigned);
        Assert.Equal(new Domain.BailiffState().GetIndex(), office.State.GetIndex());
        Assert.Empty(office.Sent);
    }

    [Theory]
    [InlineData(BailiffStatus.Suspended)]
    [InlineData(BailiffStatus.Departed)]
    public async Task an_office_that_left_sends_a_late_assignment_back_to_dispatch(BailiffStatus status)
    {
        var office = TestData.NewBailiff("office-1");
        await office.Turn(g => g.RegisterAsync(new BailiffRegistration("Étude", "CH-1", "liege", 10)));
        await office.Turn(g => g.SetStatusAsync(status));
        await office.DeliverAsync(new DossierAssigned("d-1", "office-1", TestData.Start));

        Assert.Equal(0, office.State.Load);
        var back = Assert.Single(office.SentOf<ReassignmentRequested>());
        Assert.Equal(status, back.OfficeStatus);
        Assert.Equal("d-1", Assert.Single(office.Sent).Target.Key);
    }

    [Fact]
    public async Task a_refusal_delivered_before_its_assignment_leaves_the_office_without_the_dossier_and_counts_the_refusal()
    {
        var office = TestData.NewBailiff("office-1");
        await office.Turn(g => g.RegisterAsync(new BailiffRegistration("Étude", "CH-1", "liege", 10)));
        await office.DeliverAsync(new DossierRefused("d-1", "office-1", RefusalReason.Capacity, TestData.Start));
        await office.DeliverAsync(new DossierAssigned("d-1", "office-1", TestData.Start));

        Assert.Equal(0, office.State.Load);
        Assert.Equal(1, office.State.Refused);
        Assert.Equal(1, office.State.Assigned);
        await office.DeliverAsync(new DossierAssigned("d-1", "office-1", TestData.Start));
        Assert.Equal(1, office.State.Assigned);
        Assert.Equal(0, office.State.Load);
    }

    [Fact]
    public async Task a_release_delivered_before_its_assignment_leaves_the_office_without_the_dossier()
    {
        var office = TestData.NewBailiff("office-1");
        await office.Turn(g => g.RegisterAsync(new BailiffRegistration("Étude", "CH-1", "liege", 10)));
        await office.DeliverAsync(new DossierReleased("d-1", "office-1", "Paid"));
        await office.DeliverAsync(new DossierAssigned("d-1", "office-1", TestData.Start));
        Assert.Equal(0, office.State.Load);
    }
}
