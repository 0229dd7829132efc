using System.Text.RegularExpressions;
using P4Orleans.Contracts;
using P4Orleans.Law;

namespace P4Orleans.Domain;

/// <summary>Every check of a submission, each error naming its field precisely.</summary>
internal static partial class IntakeValidation
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")]
    private static partial Regex ReferencePattern();

    public static List<ValidationError> Validate(TitleSubmission s, DateOnly today, LawEngine law)
    {
        var errors = new List<ValidationError>();
        void Error(string field, string message) => errors.Add(new ValidationError(field, message));

        if (string.IsNullOrWhiteSpace(s.Reference) || !ReferencePattern().IsMatch(s.Reference))
        {
            Error("reference", "The ONSS reference is required: 1 to 64 letters, digits, '.', '_', '/' or '-'.");
        }

        if (!Enum.IsDefined(s.TitleKind))
        {
            Error("titleKind", $"Unknown title kind {s.TitleKind}.");
        }

        if (string.IsNullOrWhiteSpace(s.SignatoryQuality))
        {
            Error("signatoryQuality", "The signatory's quality is required (art. 40: administrator-general, deputy or delegated staff member).");
        }

        NotInFuture(s.IssueDate, "issueDate", today, Error);

        // The law engine is asked about the notice only for plausible dates (year 1 has no rule version).
        if (InputLimits.IsPlausible(s.IssueDate, today) && (s.FormalNoticeDate is not { } n || InputLimits.IsPlausible(n, today)))
        {
            ValidateNotice(s, today, law, Error);
        }

        ValidateDebtor(s.Debtor, Error);
        ValidateThirdParties(s.ThirdParties, Error);
        ValidateAmounts(s.Amounts, Error);
        ValidateDueDate(s, today, Error);
        ValidateLimits(s, today, Error);
        return errors;
    }

    private static void NotInFuture(DateOnly date, string field, DateOnly today, Action<string, string> error)
    {
        if (date > today)
        {
            error(field, $"{date:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd}).");
        }
    }

    // Art. 40 as changed in 2019: a contrainte only after a final formal notice and one month without contest.
    private static void ValidateNotice(TitleSubmission s, DateOnly today, LawEngine law, Action<string, string> error)
    {
        if (s.FormalNoticeDate is { } notice)
        {
            NotInFuture(notice, "formalNoticeDate", today, error);
            if (notice > s.IssueDate)
            {
                error("formalNoticeDate", $"The formal notice ({notice:yyyy-MM-dd}) cannot come after the title ({s.IssueDate:yyyy-MM-dd}).");
            }
        }

        if (s.TitleKind != TitleKind.Contrainte)
        {
            return;
        }

        var rule = law.FormalNoticeRules.InForceOn(s.IssueDate);
        if (!rule.NoticeRequired)
        {
            return;
        }

        if (s.FormalNoticeDate is not { } date)
        {
            error("formalNoticeDate", $"A contrainte issued on {s.IssueDate:yyyy-MM-dd} requires a final formal notice (rule {rule.Id}, from {rule.ValidFrom:yyyy-MM-dd}).");
            return;
        }

        var result = law.FormalNotice(date, NoticeEvent(s.FormalNoticeChannel));
        if (result.NoticeRequired && s.IssueDate < result.ContrainteMayBeIssuedFrom)
        {
            error("issueDate", $"The contrainte of {s.IssueDate:yyyy-MM-dd} comes less than one month after the formal notice of {date:yyyy-MM-dd}: " +
                $"it may be issued from {result.ContrainteMayBeIssuedFrom:yyyy-MM-dd} (rule {result.Explanation.RuleVersionId}).");
        }
    }

    private static void ValidateDebtor(DebtorSubmission? debtor, Action<string, string> error)
    {
        if (debtor is null)
        {
            error("debtor", "The debtor is required.");
            return;
        }

        if (!Enum.IsDefined(debtor.Kind))
        {
            error("debtor.kind", $"Unknown person kind {debtor.Kind}.");
        }

        var id = debtor.Kind == PersonKind.Legal
            ? EnterpriseNumber.Validate(debtor.Identifier)
            : NaturalPersonIdentifier(debtor.Identifier);
        if (!id.IsValid)
        {
            error("debtor.identifier", $"{id.Kind}: {id.Error}");
        }

        if (string.IsNullOrWhiteSpace(debtor.Name))
        {
            error("debtor.name", "The name is required.");
        }

        ValidateAddress(debtor.Address, "debtor.address", error);
        if (debtor.Iban is { } iban)
        {
            var check = BelgianIban.Validate(iban);
            if (!check.IsValid)
            {
                error("debtor.iban", check.Error ?? "Invalid IBAN.");
            }
        }

        if (debtor.ResidenceCountry is { } residence && !IsoCountries.IsAssigned(residence.Trim()))
        {
            error("debtor.residenceCountry", $"'{Quote(residence)}' is not an ISO 3166-1 alpha-2 country code.");
        }
    }

    // A natural person is identified by the national register number; a sole trader may be given by the enterprise number.
    private static IdentifierResult NaturalPersonIdentifier(string? identifier)
    {
        var niss = NationalRegisterNumber.Validate(identifier);
        if (niss.IsValid || Digits(identifier) != 10)
        {
            return niss;
        }

        var kbo = EnterpriseNumber.Validate(identifier);
        return kbo.IsValid ? kbo : niss;
    }

    private static int Digits(string? text) => text?.Count(char.IsAsciiDigit) ?? 0;

    private static void ValidateAddress(PostalAddress? address, string field, Action<string, string> error)
    {
        if (address is null)
        {
            error(field, "The address is required.");
            return;
        }

        if (string.IsNullOrWhiteSpace(address.Street))
        {
            error($"{field}.street", "The street is required.");
        }

        if (string.IsNullOrWhiteSpace(address.Number))
        {
            error($"{field}.number", "The house number is required.");
        }

        if (string.IsNullOrWhiteSpace(address.Municipality))
        {
            error($"{field}.municipality", "The municipality is required.");
        }

        if (!IsoCountries.IsAssigned(address.Country?.Trim()))
        {
            error($"{field}.country", $"'{Quote(address.Country)}' is not an ISO 3166-1 alpha-2 country code.");
        }
        else if (address.Country!.Trim().Equals("BE", StringComparison.OrdinalIgnoreCase)
            && (address.PostalCode is not { Length: 4 } code || !code.All(char.IsAsciiDigit)))
        {
            error($"{field}.postalCode", $"A Belgian postal code has four digits, not '{Quote(address.PostalCode)}'.");
        }
        else if (string.IsNullOrWhiteSpace(address.PostalCode))
        {
            error($"{field}.postalCode", "The postal code is required.");
        }
    }

    private static void ValidateThirdParties(IReadOnlyList<ThirdPartySubmission>? parties, Action<string, string> error)
    {
        for (var i = 0; i < (parties?.Count ?? 0); i++)
        {
            var p = parties![i];
            var field = $"thirdParties[{i}]";
            if (p is null)
            {
                error(field, "A third party cannot be null.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(p.Role))
            {
                error($"{field}.role", "The role is required (garnishee, heir, co-owner...).");
            }

            if (string.IsNullOrWhiteSpace(p.Name))
            {
                error($"{field}.name", "The name is required.");
            }

            if (p.Identifier is { } id)
            {
                var check = Digits(id) == 10 ? EnterpriseNumber.Validate(id) : NationalRegisterNumber.Validate(id);
                if (!check.IsValid)
                {
                    error($"{field}.identifier", $"{check.Kind}: {check.Error}");
                }
            }

            if (p.Address is { } address)
            {
                ValidateAddress(address, $"{field}.address", error);
            }
        }
    }

    private static void ValidateAmounts(IReadOnlyList<ClaimAmount>? amounts, Action<string, string> error)
    {
        if (amounts is not { Count: > 0 })
        {
            error("amounts", "At least one amount is required.");
            return;
        }

        var seen = new HashSet<DebtComponent>();
        var total = 0L;
        var overCeiling = false;
        for (var i = 0; i < amounts.Count; i++)
        {
            var a = amounts[i];
            if (a is null)
            {
                error($"amounts[{i}]", "An amount cannot be null.");
                continue;
            }

            if (!Enum.IsDefined(a.Component) || a.Component == DebtComponent.BailiffCosts)
            {
                error($"amounts[{i}].component", $"{a.Component} is not a component of an ONSS title.");
            }
            else if (!seen.Add(a.Component))
            {
                error($"amounts[{i}].component", $"{a.Component} is given twice.");
            }

            if (a.Cents <= 0)
            {
                error($"amounts[{i}].cents", $"An amount must be a positive whole number of cents, not {a.Cents}.");
            }
            else if (a.Cents > InputLimits.MaxCents)
            {
                error($"amounts[{i}].cents", $"An amount is at most {InputLimits.MaxCents} cents.");
            }
            else
            {
                // Each term is at most the ceiling: even a list far longer than allowed cannot overflow the sum.
                total = checked(total + a.Cents);
                if (!overCeiling && total > InputLimits.MaxCents)
                {
                    error("amounts", $"The amounts add up to more than {InputLimits.MaxCents} cents.");
                    overCeiling = true;
                }
            }
        }
    }

    private static void ValidateDueDate(TitleSubmission s, DateOnly today, Action<string, string> error)
    {
        if (s.ContributionDueDate is { } due)
        {
            NotInFuture(due, "contributionDueDate", today, error);
            return;
        }

        if (s.ContributionQuarter is not { } q)
        {
            error("contributionDueDate", "The contribution due date or the contribution quarter is required (prescription, art. 42).");
            return;
        }

        if (q.Quarter is < 1 or > 4 || q.Year is < 1970 or > 9998)
        {
            error("contributionQuarter", $"{q.Year} Q{q.Quarter} is not a quarter.");
            return;
        }

        NotInFuture(PrescriptionCalculator.ContributionDueDate(q.Year, q.Quarter), "contributionQuarter", today, error);
    }

    public static BaseEvent NoticeEvent(NoticeChannel? channel) => channel switch
    {
        NoticeChannel.RegisteredLetterWithAcknowledgement => BaseEvent.RegisteredLetterWithAcknowledgement,
        NoticeChannel.EBox => BaseEvent.ElectronicNotice,
        _ => BaseEvent.RegisteredLetter,
    };
}
