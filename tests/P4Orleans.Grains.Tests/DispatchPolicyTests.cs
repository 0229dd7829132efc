using P4Orleans.Contracts;
using P4Orleans.Domain;

namespace P4Orleans.Grains.Tests;

public class DispatchPolicyTests
{
    private static DispatchCandidate Office(string id, int load, int capacity, BailiffStatus status = BailiffStatus.Active) =>
        new(id, status, load, capacity, "liege");

    [Fact]
    public void the_office_with_the_lowest_load_ratio_is_chosen_and_explained()
    {
        var decision = DispatchPolicy.Choose("liege", [Office("A", 50, 100), Office("B", 41, 120), Office("C", 10, 20)]);
        Assert.Equal("B", decision.OfficeId);
        Assert.StartsWith("office B: arrondissement Liège, load 41/120, lowest ratio", decision.Explanation);
        Assert.False(decision.NeedsManualDecision);
    }

    [Fact]
    public void equal_ratios_go_to_the_lower_load()
    {
        var decision = DispatchPolicy.Choose("liege", [Office("A", 20, 100), Office("B", 10, 50)]);
        Assert.Equal("B", decision.OfficeId);
        Assert.Contains("lowest load", decision.Explanation);
    }

    [Fact]
    public void equal_ratio_and_load_go_to_the_first_office_id_in_ordinal_order()
    {
        var decision = DispatchPolicy.Choose("liege", [Office("b", 5, 10), Office("B", 5, 10), Office("a", 5, 10)]);
        Assert.Equal("B", decision.OfficeId);
    }

    [Fact]
    public void the_choice_does_not_depend_on_the_order_of_the_candidates()
    {
        DispatchCandidate[] offices = [Office("A", 3, 10), Office("B", 5, 20), Office("C", 1, 3), Office("D", 9, 30)];
        var first = DispatchPolicy.Choose("liege", offices).OfficeId;
        Assert.Equal(first, DispatchPolicy.Choose("liege", offices.Reverse()).OfficeId);
        Assert.Equal("B", first);
    }

    [Fact]
    public void suspended_departed_excluded_full_and_foreign_offices_are_skipped()
    {
        var decision = DispatchPolicy.Choose("liege",
        [
            Office("suspended", 0, 10, BailiffStatus.Suspended),
            Office("departed", 0, 10, BailiffStatus.Departed),
            Office("refused", 0, 10),
            Office("full", 10, 10),
            Office("no-capacity", 0, 0),
            new DispatchCandidate("namur", BailiffStatus.Active, 0, 10, "namur"),
            Office("chosen", 9, 10),
        ], ["refused"]);
        Assert.Equal("chosen", decision.OfficeId);
    }

    [Theory]
    [InlineData(null, DispatchReasons.NoArrondissement)]
    [InlineData("no-active", DispatchReasons.NoActiveOffice)]
    [InlineData("all-excluded", DispatchReasons.AllExcluded)]
    [InlineData("all-full", DispatchReasons.AllFull)]
    public void without_an_eligible_office_a_person_must_decide(string? situation, string reason)
    {
        DispatchCandidate[] offices = situation switch
        {
            "no-active" => [Office("A", 0, 10, BailiffStatus.Suspended)],
            "all-excluded" => [Office("A", 0, 10)],
            "all-full" => [Office("A", 10, 10)],
            _ => [Office("A", 0, 10)],
        };
        var decision = DispatchPolicy.Choose(situation is null ? null : "liege", offices, situation == "all-excluded" ? new[] { "A" } : []);
        Assert.True(decision.NeedsManualDecision);
        Assert.Null(decision.OfficeId);
        Assert.Equal(reason, decision.ManualDecisionReason);
    }
}
