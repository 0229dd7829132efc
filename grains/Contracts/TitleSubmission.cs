using P4Orleans.Law;

namespace P4Orleans.Contracts;

/// <summary>
/// A title as ONSS submits it (one NDJSON line of a bulk file, or a single submission). Validated by
/// <c>DossierIntake</c>; idempotent on <see cref="Reference"/> with the canonical payload hash.
/// </summary>
/// <param name="Reference">ONSS reference of the title, unique per title.</param>
/// <param name="TitleKind">Contrainte, made-enforceable roll or judgment.</param>
/// <param name="IssueDate">Date the title was issued (contrainte decreed, roll made enforceable, judgment).</param>
/// <param name="SignatoryQuality">Quality of the signatory (administrator-general, deputy, delegated staff member).</param>
/// <param name="FormalNoticeDate">Date of the final formal notice (required for contraintes from 17 June 2019).</param>
/// <param name="FormalNoticeChannel">How the notice was sent; registered letter when absent.</param>
/// <param name="Debtor">The debtor.</param>
/// <param name="ThirdParties">Third parties (garnishee, heir, co-owner...), if any.</param>
/// <param name="Amounts">Amounts by ledger component, in cents.</param>
/// <param name="ContributionDueDate">Day the claim became due, for prescription; or give <paramref name="ContributionQuarter"/>.</param>
/// <param name="ContributionQuarter">Quarter of the contributions (due the last day of the following month).</param>
/// <param name="Fraud">True after fraud or false declarations (7-year prescription).</param>
[GenerateSerializer, Immutable]
public sealed record TitleSubmission(
    string Reference,
    TitleKind TitleKind,
    DateOnly IssueDate,
    string SignatoryQuality,
    DateOnly? FormalNoticeDate,
    NoticeChannel? FormalNoticeChannel,
    DebtorSubmission Debtor,
    IReadOnlyList<ThirdPartySubmission>? ThirdParties,
    IReadOnlyList<ClaimAmount> Amounts,
    DateOnly? ContributionDueDate = null,
    ContributionQuarter? ContributionQuarter = null,
    bool Fraud = false)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>The debtor as submitted. Personal data: sealed in the dossier, never kept in clear.</summary>
/// <param name="Kind">Natural or legal person.</param>
/// <param name="Identifier">NISS (natural person) or KBO/BCE number (legal person, or sole trader's enterprise).</param>
/// <param name="Name">Surname, or the legal person's name.</param>
/// <param name="FirstNames">First names of a natural person.</param>
/// <param name="Address">Domicile (natural person) or registered seat (legal person).</param>
/// <param name="Iban">Bank account, optional, Belgian IBAN.</param>
/// <param name="ResidenceCountry">ISO country code of the residence when it differs from the address country.</param>
[GenerateSerializer, Immutable]
public sealed record DebtorSubmission(
    PersonKind Kind,
    string Identifier,
    string Name,
    string? FirstNames,
    PostalAddress Address,
    string? Iban = null,
    string? ResidenceCountry = null)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>A postal address.</summary>
[GenerateSerializer, Immutable]
public sealed record PostalAddress(string Street, string Number, string? Box, string PostalCode, string Municipality, string Country)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>A third party named with the title (garnishee, heir, co-owner, mandatary, partner...).</summary>
[GenerateSerializer, Immutable]
public sealed record ThirdPartySubmission(string Role, string Name, string? Identifier = null, PostalAddress? Address = null)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>An amount of the claim for one ledger component, in cents.</summary>
[GenerateSerializer, Immutable]
public sealed record ClaimAmount(DebtComponent Component, long Cents)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>A calendar quarter (1 to 4).</summary>
[GenerateSerializer, Immutable]
public sealed record ContributionQuarter(int Year, int Quarter)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>What a submission gave.</summary>
/// <param name="DossierId">The dossier holding the title.</param>
/// <param name="Duplicate">True when the same title (same reference and payload hash) was already there.</param>
/// <param name="Status">The dossier's status.</param>
[GenerateSerializer, Immutable]
public sealed record SubmissionOutcome(string DossierId, bool Duplicate, DossierStatus Status)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}
