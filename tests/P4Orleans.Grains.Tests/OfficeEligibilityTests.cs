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
        Assert.Empty(d.Grain.JournalOf(JournalKinds.Dispatched));
    }

    [Fact]
    public async Task an_operator_assigns_a_dossier_to_an_active_office_of_its_arrondissement_and_the_reason_stays_sealed()
    {
        var d = TestData.NewDossier();
        await d.Submitted();
        await d.Do(g => g.AssignByOperatorAsync(Office(), "the debtor Vandermeulen asked for it"));

        Assert.Equal(DossierStatus.Assigned, d.State.Status);
        Assert.Equal("office-7", d.State.AssignedOfficeId);
        Assert.Equal("office-7", Assert.Single(d.Grain.JournalOf(JournalKinds.Dispatched)).GetProperty("officeId").GetString());
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

}
