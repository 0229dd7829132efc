namespace P4Orleans.Contracts;

/// <summary>
/// The one table of input limits: every text field's maximum length, the money ceiling, the plausible date
/// range and the list sizes. The gateway checks every request body and parameter against it, and intake checks
/// every title (single or bulk) against it, so that nothing outside reaches a grain or PostgreSQL. The folder
/// READMEs (api/, grains/Grains/) print the same table.
/// </summary>
public static class InputLimits
{
    /// <summary>Identifiers and references: ONSS reference, dossier and office ids, Chamber number, act and payment references.</summary>
    public const int IdentifierLength = 64;

    /// <summary>Names and short texts: person and office names, first names, street, municipality, signatory quality, court, role.</summary>
    public const int NameLength = 200;

    /// <summary>Codes: house number, box, postal code.</summary>
    public const int CodeLength = 16;

    /// <summary>Free text: reasons, notes, asset descriptions.</summary>
    public const int FreeTextLength = 2000;

    /// <summary>The text of a communication to the debtor (a letter of a few pages).</summary>
    public const int MessageBodyLength = 8000;

    /// <summary>A certificate in PEM or base64 DER (a client certificate registered for a system user).</summary>
    public const int CertificateLength = 16_384;

    /// <summary>The security coordinator's section of a yearly report.</summary>
    public const int ReportSectionLength = 20_000;

    /// <summary>Items of one list: amounts, third parties, assets, roles, user ids.</summary>
    public const int MaxListItems = 100;

    /// <summary>The money ceiling, for each amount and for any sum of amounts: EUR 1,000,000,000.00 in cents.</summary>
    public const long MaxCents = P4Orleans.Law.Money.MaxAmountCents;

    /// <summary>The most open dossiers an office may be given as capacity.</summary>
    public const int MaxCapacity = 100_000;

    /// <summary>The most instalments of a payment plan.</summary>
    public const int MaxInstalments = 120;

    /// <summary>The earliest plausible date of a title, notice, due date, act or payment.</summary>
    public static DateOnly EarliestDate { get; } = new(1990, 1, 1);

    /// <summary>How many years after today a date may lie (a first instalment, a plan's end).</summary>
    public const int YearsAhead = 10;

    /// <summary>The latest plausible date, <see cref="YearsAhead"/> years after <paramref name="today"/>.</summary>
    public static DateOnly LatestDate(DateOnly today) => today.AddYears(YearsAhead);

    /// <summary>True when <paramref name="date"/> lies in <see cref="EarliestDate"/>..<see cref="LatestDate"/>.</summary>
    public static bool IsPlausible(DateOnly date, DateOnly today) => date >= EarliestDate && date <= LatestDate(today);

    // By JSON field name (camelCase, the last segment of the path): one entry per kind of text.
    private static readonly Dictionary<string, int> TextLengths = new(StringComparer.OrdinalIgnoreCase)
    {
        ["reference"] = IdentifierLength,
        ["actReference"] = IdentifierLength,
        ["identifier"] = IdentifierLength,
        ["iban"] = IdentifierLength,
        ["officeId"] = IdentifierLength,
        ["dossierId"] = IdentifierLength,
        ["documentId"] = IdentifierLength,
        ["chamberNumber"] = IdentifierLength,
        ["arrondissementId"] = IdentifierLength,
        ["organisationId"] = IdentifierLength,
        ["nationalNumber"] = IdentifierLength,
        ["value"] = IdentifierLength,
        ["after"] = IdentifierLength,
        ["action"] = IdentifierLength,
        ["userIds"] = IdentifierLength,
        ["roles"] = IdentifierLength,
        ["number"] = CodeLength,
        ["box"] = CodeLength,
        ["postalCode"] = CodeLength,
        ["country"] = 2,
        ["residenceCountry"] = 2,
        ["residence"] = 2,
        ["reason"] = FreeTextLength,
        ["note"] = FreeTextLength,
        ["description"] = FreeTextLength,
        ["certificate"] = CertificateLength,
        ["summary"] = FreeTextLength,
        ["findings"] = FreeTextLength,
        ["followUp"] = FreeTextLength,
        ["notes"] = FreeTextLength,
        ["statement"] = ReportSectionLength,
        ["body"] = MessageBodyLength,
        ["communicationId"] = IdentifierLength,
    };

    /// <summary>The maximum length of the text field <paramref name="field"/> (its JSON name); <see cref="NameLength"/> when not listed.</summary>
    public static int TextLength(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var name = field;
        var dot = name.LastIndexOf('.');
        if (dot >= 0)
        {
            name = name[(dot + 1)..];
        }

        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        if (bracket >= 0)
        {
            name = name[..bracket];
        }

        return TextLengths.TryGetValue(name, out var length) ? length : NameLength;
    }

    /// <summary>The error for text <paramref name="value"/> of <paramref name="field"/>, or null when it is within its limits.</summary>
    public static string? TextError(string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            return "Text may not contain a NUL character.";
        }

        var max = TextLength(field);
        return value.Length > max ? $"At most {max} characters ({value.Length} given)." : null;
    }

    /// <summary>The error for the amount <paramref name="cents"/>, or null when it is within 0..<see cref="MaxCents"/>.</summary>
    public static string? CentsError(long cents) => cents switch
    {
        < 0 => $"An amount cannot be negative ({cents} cents).",
        > MaxCents => $"An amount is at most {MaxCents} cents (EUR 1,000,000,000.00).",
        _ => null,
    };

    /// <summary>The error for <paramref name="date"/>, or null when it is plausible.</summary>
    public static string? DateError(DateOnly date, DateOnly today) => IsPlausible(date, today)
        ? null
        : $"{date:yyyy-MM-dd} is outside the plausible range {EarliestDate:yyyy-MM-dd}..{LatestDate(today):yyyy-MM-dd}.";
}
