using P4Orleans.Contracts;

namespace P4Orleans.Domain;

// The limits of InputLimits applied to a title: text lengths (and no NUL character), plausible dates, list sizes.
internal static partial class IntakeValidation
{
    private const int QuotedLength = 40;

    private static void ValidateLimits(TitleSubmission s, DateOnly today, Action<string, string> error)
    {
        void Text(string field, string? value)
        {
            if (InputLimits.TextError(field, value) is { } message)
            {
                error(field, message);
            }
        }

        void Date(string field, DateOnly? value)
        {
            if (value is { } date && InputLimits.DateError(date, today) is { } message)
            {
                error(field, message);
            }
        }

        Text("reference", s.Reference);
        Text("signatoryQuality", s.SignatoryQuality);
        Date("issueDate", s.IssueDate);
        Date("formalNoticeDate", s.FormalNoticeDate);
        Date("contributionDueDate", s.ContributionDueDate);
        if (s.ContributionQuarter is { Year: < 1990 } q)
        {
            error("contributionQuarter", $"{q.Year} is before {InputLimits.EarliestDate.Year}.");
        }

        if (s.Debtor is { } d)
        {
            Text("debtor.identifier", d.Identifier);
            Text("debtor.name", d.Name);
            Text("debtor.firstNames", d.FirstNames);
            Text("debtor.iban", d.Iban);
            Text("debtor.residenceCountry", d.ResidenceCountry);
            AddressTexts("debtor.address", d.Address, Text);
        }

        var parties = s.ThirdParties ?? [];
        if (parties.Count > InputLimits.MaxListItems)
        {
            error("thirdParties", $"At most {InputLimits.MaxListItems} third parties.");
        }

        for (var i = 0; i < Math.Min(parties.Count, InputLimits.MaxListItems); i++)
        {
            if (parties[i] is { } p)
            {
                Text($"thirdParties[{i}].role", p.Role);
                Text($"thirdParties[{i}].name", p.Name);
                Text($"thirdParties[{i}].identifier", p.Identifier);
                AddressTexts($"thirdParties[{i}].address", p.Address, Text);
            }
        }

        if (s.Amounts is { Count: > InputLimits.MaxListItems })
        {
            error("amounts", $"At most {InputLimits.MaxListItems} amounts.");
        }
    }

    private static void AddressTexts(string field, PostalAddress? address, Action<string, string?> text)
    {
        if (address is null)
        {
            return;
        }

        text($"{field}.street", address.Street);
        text($"{field}.number", address.Number);
        text($"{field}.box", address.Box);
        text($"{field}.postalCode", address.PostalCode);
        text($"{field}.municipality", address.Municipality);
        text($"{field}.country", address.Country);
    }

    // A refused value is quoted back short and without control characters (it may be a megabyte, or hold a NUL).
    private static string Quote(string? value)
    {
        if (value is null)
        {
            return "";
        }

        var clean = new string(value.Take(QuotedLength).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return value.Length > QuotedLength ? clean + "…" : clean;
    }
}
