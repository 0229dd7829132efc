namespace P4Orleans.Law;

/// <summary>Kinds of identifiers the engine checks.</summary>
public enum IdentifierKind
{
    /// <summary>National register number (NISS/INSZ), including BIS numbers.</summary>
    Niss,

    /// <summary>Enterprise number (KBO/BCE).</summary>
    Kbo,

    /// <summary>Belgian IBAN.</summary>
    Iban,
}

/// <summary>Sex carried by a national register number.</summary>
public enum Sex
{
    Unknown,
    Male,
    Female,
}

/// <summary>Names of the checks, reported in <see cref="IdentifierResult.FailedCheck"/>.</summary>
public static class IdentifierChecks
{
    /// <summary>Nothing was given.</summary>
    public const string Empty = "empty";
    /// <summary>A character other than a digit or a separator.</summary>
    public const string Characters = "characters";
    /// <summary>Wrong number of digits or characters.</summary>
    public const string Length = "length";
    /// <summary>NISS month not 00-12, 20-32 or 40-52.</summary>
    public const string Month = "month";
    /// <summary>NISS day not 00-31.</summary>
    public const string Day = "day";
    /// <summary>NISS birth date that does not exist.</summary>
    public const string Date = "date";
    /// <summary>NISS or KBO mod-97 check digits.</summary>
    public const string Checksum = "checksum";
    /// <summary>KBO first digit not 0 or 1.</summary>
    public const string FirstDigit = "firstDigit";
    /// <summary>IBAN not starting with BE.</summary>
    public const string Country = "country";
    /// <summary>ISO 13616 mod-97 check.</summary>
    public const string IbanChecksum = "ibanChecksum";
    /// <summary>Belgian account number check (first ten digits mod 97).</summary>
    public const string NationalChecksum = "nationalChecksum";
}

/// <summary>The outcome of checking an identifier.</summary>
/// <param name="Kind">What was checked.</param>
/// <param name="Input">The input as given.</param>
/// <param name="IsValid">True when every check passed.</param>
/// <param name="Normalized">Digits only (IBAN: upper-case, no spaces); null when the input could not be read.</param>
/// <param name="Formatted">Display form (85.07.30-033.28, 0123.456.749, BE68 5390 0754 7034) when valid.</param>
/// <param name="FailedCheck">Name of the first check that failed (see <see cref="IdentifierChecks"/>).</param>
/// <param name="Error">What failed, precisely.</param>
/// <param name="Person">Birth date, sex and BIS status for a valid national register number.</param>
public sealed record IdentifierResult(
    IdentifierKind Kind,
    string Input,
    bool IsValid,
    string? Normalized,
    string? Formatted,
    string? FailedCheck,
    string? Error,
    NissDetails? Person = null)
{
    internal static IdentifierResult Fail(IdentifierKind kind, string input, string? normalized, string check, string error) =>
        new(kind, input, false, normalized, null, check, error);
}

/// <summary>What a national register number says about its holder.</summary>
/// <param name="BirthYear">Year of birth (from the century the check digits revealed).</param>
/// <param name="BirthMonth">Month of birth, null when unknown (00).</param>
/// <param name="BirthDay">Day of birth, null when unknown (00).</param>
/// <param name="BirthDate">Full birth date when month and day are known.</param>
/// <param name="Sex">From the sequence number (odd male, even female); unknown for a BIS number with month + 20.</param>
/// <param name="IsBis">True for a BIS number (month + 20 or + 40).</param>
public sealed record NissDetails(int BirthYear, int? BirthMonth, int? BirthDay, DateOnly? BirthDate, Sex Sex, bool IsBis);

/// <summary>Reads identifiers written with dots, dashes, slashes and spaces.</summary>
internal static class IdentifierText
{
    public static bool IsSeparator(char c) => c is '.' or '-' or ' ' or '/' or '\t';

    /// <summary>The digits of <paramref name="input"/>, or the first offending character and its 1-based position.</summary>
    public static string? Digits(string input, out char offending, out int position)
    {
        var digits = new System.Text.StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (!IsSeparator(c))
            {
                offending = c;
                position = i + 1;
                return null;
            }
        }

        offending = '\0';
        position = 0;
        return digits.ToString();
    }

    /// <summary>Remainder of a long decimal string modulo 97, digit by digit.</summary>
    public static int Mod97(string digits)
    {
        var rest = 0;
        foreach (var c in digits)
        {
            rest = ((rest * 10) + (c - '0')) % 97;
        }

        return rest;
    }
}
