using System.Text;
using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Law;

namespace P4Orleans.Grains.Tests;

/// <summary>
/// The payload hash is stored with every title (dossier_intake, the dossier's state) and compared on every
/// resubmission: it must never change for a title already taken in, whatever the code that computes it.
/// </summary>
public class SubmissionHashTests
{
    private static readonly PostalAddress Address = new("Rue de la Loi", "16", "b 2", "1000", "Bruxelles", "BE");

    private static readonly TitleSubmission Natural = new(
        "ONSS-2025-000123", TitleKind.Contrainte, new DateOnly(2025, 3, 3), "Receveur régional",
        new DateOnly(2025, 1, 6), NoticeChannel.RegisteredLetter,
        new DebtorSubmission(PersonKind.Natural, "85.07.30-033.28", "Peeters", "Jan Marie", Address, "BE68539007547034"),
        null,
        [new ClaimAmount(DebtComponent.LateInterest, 4_511), new ClaimAmount(DebtComponent.Contributions, 300_000)],
        ContributionQuarter: new ContributionQuarter(2024, 3));

    private static readonly TitleSubmission Legal = new(
        "ONSS-ROLL-9", TitleKind.EnforceableRoll, new DateOnly(2024, 11, 29), "Administrateur général \"a.i.\"",
        null, null,
        new DebtorSubmission(PersonKind.Legal, "0403.170.701", "Société Ünïcode & Fils\tSA", null,
            new PostalAddress("Kerkstraat", "1", null, "9000", "Gent", "be"), ResidenceCountry: "FR"),
        [new ThirdPartySubmission("garnishee", "Banque X", "0403199702", Address), new ThirdPartySubmission("heir", "Anne")],
        [new ClaimAmount(DebtComponent.FlatRateIndemnities, 1), new ClaimAmount(DebtComponent.Contributions, long.MaxValue)],
        ContributionDueDate: new DateOnly(2024, 6, 30), Fraud: true);

    public static TheoryData<string, TitleSubmission, string> Pinned() => new()
    {
        { "natural person, no third parties", Natural, "285708a24a3f1c4aec10fb027a36d2e42c0ddc019a5a2881e6bad409224d0e84" },
        { "the same with an empty third-party list", Natural with { ThirdParties = [] }, "285708a24a3f1c4aec10fb027a36d2e42c0ddc019a5a2881e6bad409224d0e84" },
        { "the same with its amounts reversed", Natural with { Amounts = [.. Natural.Amounts.Reverse()] }, "285708a24a3f1c4aec10fb027a36d2e42c0ddc019a5a2881e6bad409224d0e84" },
        { "legal person, escapes, third parties, fraud", Legal, "19de18c2cdc721f9646e82a7df9bfa831ed64994dc03ff539f6a059384a16573" },
    };

    [Theory]
    [MemberData(nameof(Pinned))]
    public void the_payload_hash_of_a_fixed_title_never_changes(string title, TitleSubmission submission, string expected)
    {
        Assert.False(string.IsNullOrEmpty(title));
        Assert.Equal(expected, SubmissionHash.Compute(submission));
    }

    [Fact]
    public void the_canonical_json_of_a_fixed_title_never_changes()
    {
        Assert.Equal(""""
            {"reference":"ONSS-2025-000123","titleKind":"Contrainte","issueDate":"2025-03-03","signatoryQuality":"Receveur r\u00E9gional","formalNoticeDate":"2025-01-06","formalNoticeChannel":"RegisteredLetter","debtor":{"kind":"Natural","identifier":"85.07.30-033.28","name":"Peeters","firstNames":"Jan Marie","address":{"street":"Rue de la Loi","number":"16","box":"b 2","postalCode":"1000","municipality":"Bruxelles","country":"BE"},"iban":"BE68539007547034","residenceCountry":null},"thirdParties":[],"amounts":[{"component":"Contributions","cents":300000},{"component":"LateInterest","cents":4511}],"contributionDueDate":null,"contributionQuarter":{"year":2024,"quarter":3},"fraud":false}
            """", Encoding.UTF8.GetString(SubmissionHash.CanonicalJson(Natural)));
    }
}
