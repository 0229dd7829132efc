using System.Text;
using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Law;

namespace P4Orleans.Grains.Tests;

public class DossierIntakeTests
{
    private static IntakeResult Intake(TitleSubmission submission) =>
        DossierIntake.Intake(submission, new IntakeContext("d-1", TestData.Start, TestData.Law, new DossierOptions()));

    private static TitleSubmission WithDebtor(Func<DebtorSubmission, DebtorSubmission> change)
    {
        var s = TestData.Contrainte();
        return s with { Debtor = change(s.Debtor) };
    }

    private static TitleSubmission WithAddress(Func<PostalAddress, PostalAddress> change) =>
        WithDebtor(d => d with { Address = change(d.Address) });

    public static TheoryData<string, TitleSubmission, string> Invalid() => new()
    {
        { "bad national number", WithDebtor(d => d with { Identifier = "85073003329" }), "debtor.identifier" },
        { "legal person with a national number", WithDebtor(d => d with { Kind = PersonKind.Legal }), "debtor.identifier" },
        { "bad IBAN", WithDebtor(d => d with { Iban = "BE68539007547035" }), "debtor.iban" },
        { "no name", WithDebtor(d => d with { Name = " " }), "debtor.name" },
        { "three-digit Belgian postal code", WithAddress(a => a with { PostalCode = "400" }), "debtor.address.postalCode" },
        { "bad country code", WithAddress(a => a with { Country = "Belgique" }), "debtor.address.country" },
        { "zero amount", TestData.Contrainte() with { Amounts = [new ClaimAmount(DebtComponent.Contributions, 0)] }, "amounts[0].cents" },
        { "negative amount", TestData.Contrainte() with { Amounts = [new ClaimAmount(DebtComponent.Contributions, -5)] }, "amounts[0].cents" },
        { "bailiff costs in a title", TestData.Contrainte() with { Amounts = [new ClaimAmount(DebtComponent.BailiffCosts, 100)] }, "amounts[0].component" },
        { "component twice", TestData.Contrainte() with { Amounts = [new ClaimAmount(DebtComponent.Contributions, 1), new ClaimAmount(DebtComponent.Contributions, 2)] }, "amounts[1].component" },
        { "no amounts", TestData.Contrainte() with { Amounts = [] }, "amounts" },
        { "issued in the future", TestData.Contrainte() with { IssueDate = new DateOnly(2025, 3, 11) }, "issueDate" },
        { "contrainte of 2020 without notice", TestData.Contrainte() with { IssueDate = new DateOnly(2020, 5, 4), FormalNoticeDate = null }, "formalNoticeDate" },
        { "contrainte less than a month after the notice", TestData.Contrainte() with { FormalNoticeDate = new DateOnly(2025, 2, 1) }, "issueDate" },
        { "notice after the title", TestData.Contrainte() with { FormalNoticeDate = new DateOnly(2025, 2, 21) }, "formalNoticeDate" },
        { "no due date nor quarter", TestData.Contrainte() with { ContributionQuarter = null }, "contributionDueDate" },
        { "quarter five", TestData.Contrainte() with { ContributionQuarter = new ContributionQuarter(2024, 5) }, "contributionQuarter" },
        { "bad reference", TestData.Contrainte("ref with spaces"), "reference" },
        { "third party with a bad number", TestData.Contrainte() with { ThirdParties = [new ThirdPartySubmission("heir", "X", "85073003329")] }, "thirdParties[0].identifier" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void an_invalid_submission_is_rejected_naming_the_field(string situation, TitleSubmission submission, string field)
    {
        var result = Intake(submission);
        Assert.False(result.IsAccepted, situation);
        Assert.Contains(result.Errors, e => e.Field == field);
    }

    [Fact]
    public void a_valid_contrainte_awaits_dispatch_in_the_arrondissement_of_the_domicile()
    {
        var result = Intake(TestData.Contrainte());
        var accepted = Assert.IsType<IntakeAccepted>(result.Accepted);
        Assert.Equal(DossierStatus.AwaitingDispatch, accepted.State.Status);
        Assert.Equal("liege", accepted.State.ArrondissementId);
        Assert.Equal(350_000, accepted.State.Ledger.BalanceCents);
        Assert.Equal(new DateOnly(2024, 10, 31), accepted.State.ContributionDueDate);
    }

    [Fact]
    public void the_prescription_counts_from_the_formal_notice_and_its_warning_comes_ninety_days_before()
    {
        var accepted = Intake(TestData.Contrainte()).Accepted!;
        var prescription = accepted.State.KeyDates[DossierReminders.Prescription];
        var warning = accepted.State.KeyDates[DossierReminders.PrescriptionWarning];

        // Due 31 October 2024, interrupted by the notice of 10 January 2025: a new three years.
        Assert.Equal(new DateOnly(2028, 1, 10), prescription.Date);
        Assert.Equal(prescription.Date.AddDays(-90), warning.Date);
        Assert.Equal([DossierReminders.PrescriptionWarning, DossierReminders.Prescription], accepted.Reminders.Select(r => r.Name).Order().Reverse());
        Assert.Equal("onss-prescription-art-42", prescription.RuleId);
    }

    [Fact]
    public void a_contrainte_before_june_2019_needs_no_formal_notice()
    {
        var result = Intake(TestData.Contrainte() with { IssueDate = new DateOnly(2019, 3, 1), FormalNoticeDate = null, ContributionDueDate = new DateOnly(2018, 10, 31), ContributionQuarter = null });
        Assert.True(result.IsAccepted);
    }

    [Fact]
    public void a_made_enforceable_roll_needs_no_formal_notice()
    {
        Assert.True(Intake(TestData.Contrainte() with { TitleKind = TitleKind.EnforceableRoll, FormalNoticeDate = null }).IsAccepted);
    }

    [Theory]
    [InlineData("1804", "BE", "non-geographic-postal-code")]
    [InlineData("59000", "FR", "foreign-address")]
    public void a_debtor_without_a_competent_arrondissement_needs_a_manual_decision(string postalCode, string country, string reason)
    {
        var accepted = Intake(WithAddress(a => a with { PostalCode = postalCode, Country = country })).Accepted!;
        Assert.Equal(DossierStatus.NeedsManualDecision, accepted.State.Status);
        Assert.Null(accepted.State.ArrondissementId);
        Assert.Equal(reason, accepted.State.ManualDecisionReason);
    }

    [Theory]
    [InlineData("BE", null, CountryGroup.Belgium)]
    [InlineData("FR", null, CountryGroup.NeighbouringOrGreatBritain)]
    [InlineData("FR", "ES", CountryGroup.RestOfEurope)]
    [InlineData("US", "BE", CountryGroup.Belgium)]
    public void the_residence_group_for_article_55_follows_the_address_and_the_residence(string country, string? residence, CountryGroup group)
    {
        var debtor = TestData.Contrainte().Debtor with { ResidenceCountry = residence };
        debtor = debtor with { Address = debtor.Address with { Country = country } };
        Assert.Equal(group, DossierIntake.ResidenceGroup(debtor));
    }

    [Fact]
    public void the_state_holds_no_personal_data_until_sealed_and_the_plaintext_holds_it_all()
    {
        var accepted = Intake(TestData.Contrainte()).Accepted!;
        var json = System.Text.Json.JsonSerializer.Serialize(accepted.State, Fakes.HostJson.Options);
        var plain = Encoding.UTF8.GetString(accepted.PersonalData);
        foreach (var secret in new[] { TestData.Surname, TestData.Niss, TestData.Iban, TestData.Street, "Banque Exemple" })
        {
            Assert.DoesNotContain(secret, json);
            Assert.Contains(secret, plain);
        }

        // The vault's text (base64) is held as its bytes, and stored as the same text.
        var sealedText = Convert.ToBase64String("sealed-value"u8);
        accepted.Seal(sealedText);
        Assert.Equal("sealed-value"u8.ToArray(), accepted.State.SealedPersonalData);
        Assert.Contains($"\"sealedPersonalData\":\"{sealedText}\"", System.Text.Json.JsonSerializer.Serialize(accepted.State, Fakes.HostJson.Options), StringComparison.Ordinal);
        Assert.All(accepted.PersonalData, b => Assert.Equal(0, b));
    }

    [Fact]
    public void the_journal_of_intake_names_no_person_nor_postal_code()
    {
        var accepted = Intake(TestData.Contrainte()).Accepted!;
        var journal = string.Join("\n", accepted.Journal.Select(e => System.Text.Json.JsonSerializer.Serialize(e.Data, Fakes.HostJson.Options)));
        Assert.Contains("liege", journal);
        foreach (var secret in new[] { TestData.Surname, TestData.Niss, TestData.Iban, TestData.Street, "4000" })
        {
            Assert.DoesNotContain(secret, journal);
        }
    }

    [Fact]
    public void the_payload_hash_ignores_the_order_of_amounts_but_not_their_value()
    {
        var submission = TestData.Contrainte();
        var reordered = submission with { Amounts = [.. submission.Amounts.Reverse()] };
        var changed = submission with { Amounts = [new ClaimAmount(DebtComponent.Contributions, 300_001), submission.Amounts[1]] };
        Assert.Equal(SubmissionHash.Compute(submission), SubmissionHash.Compute(reordered));
        Assert.NotEqual(SubmissionHash.Compute(submission), SubmissionHash.Compute(changed));
        Assert.Matches("^[0-9a-f]{64}$", SubmissionHash.Compute(submission));
    }
}
