using P4Orleans.Contracts;

namespace P4Orleans.Api.WebConsole;

/// <summary>Why a typed amount of euros was refused (<see cref="EuroInput.TryParse"/>).</summary>
public enum EuroInputError
{
    /// <summary>Nothing refused.</summary>
    None,

    /// <summary>Nothing typed.</summary>
    Missing,

    /// <summary>Not an amount of euros (letters, a misplaced separator, a group not of three digits).</summary>
    Malformed,

    /// <summary>More than two decimals: no amount of euros has a fraction of a cent.</summary>
    TooManyDecimals,

    /// <summary>A minus sign: the console reports money received and values, never negative.</summary>
    Negative,

    /// <summary>Above the platform's ceiling for one amount (<see cref="InputLimits.MaxCents"/>).</summary>
    TooLarge,
}

/// <summary>
/// An amount typed in euros in a console form, read the way Belgian users write it (fr-BE and nl-BE), into integer
/// cents. The decimal separator is a comma, or a point when no comma follows: "1234,56", "1234.56", "1 234,56" and
/// "1.234,56" are all 123456 cents. Thousands are grouped by spaces (also the no-break and narrow no-break spaces the
/// browsers' locales write) or, before a decimal comma, by points; a group after the first has three digits. One or two
/// decimals; a euro sign before or after is ignored. Refused: more than two decimals ("1.234" is one euro and 234
/// thousandths, not 1234 euros: it is refused rather than guessed), a minus sign, anything else, and more than
/// <see cref="InputLimits.MaxCents"/>. Zero is an amount: whether a zero payment is allowed is the dossier's rule.
/// </summary>
public static class EuroInput
{
    // Far more than the ceiling's 10 integer digits, far less than a long's 18: no overflow while counting.
    private const int MaxIntegerDigits = 15;

    private static readonly char[] Spaces = [' ', '\u00A0', '\u202F', '\u2009'];

    /// <summary>The cents of <paramref name="text"/>; false with the reason when it is not an amount of euros the console takes.</summary>
    public static bool TryParse(string? text, out long cents, out EuroInputError error)
    {
        cents = 0;
        error = Read(text, ref cents);
        return error == EuroInputError.None;
    }

    private static EuroInputError Read(string? text, ref long cents)
    {
        var t = text?.Trim(Spaces) ?? "";
        if (t.EndsWith('€') || t.StartsWith('€'))
        {
            t = t.Trim('€').Trim(Spaces);
        }
        if (t.Length == 0)
        {
            return EuroInputError.Missing;
        }
        if (t[0] is '-' or '\u2212')
        {
            return EuroInputError.Negative;
        }
        var comma = t.LastIndexOf(',');
        var decimalAt = comma >= 0 ? comma : t.IndexOf('.');
        if (comma < 0 && decimalAt >= 0 && t.IndexOf('.', decimalAt + 1) >= 0)
        {
            // Points and no comma: "1.234.567" is grouping or a typing error; neither is guessed.
            return EuroInputError.Malformed;
        }
        var whole = decimalAt >= 0 ? t[..decimalAt] : t;
        var fraction = decimalAt >= 0 ? t[(decimalAt + 1)..] : "";
        if (decimalAt >= 0 && (fraction.Length == 0 || !fraction.All(char.IsAsciiDigit)))
        {
            return EuroInputError.Malformed;
        }
        if (Digits(whole, pointsGroup: comma >= 0) is not { } digits)
        {
            return EuroInputError.Malformed;
        }
        if (fraction.Length > 2)
        {
            return EuroInputError.TooManyDecimals;
        }
        if (digits.Length > MaxIntegerDigits)
        {
            return EuroInputError.TooLarge;
        }
        var value = long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) * 100
            + (fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(2, '0'), System.Globalization.CultureInfo.InvariantCulture));
        if (value > InputLimits.MaxCents)
        {
            return EuroInputError.TooLarge;
        }
        cents = value;
        return EuroInputError.None;
    }

    /// <summary>The digits of the whole euros, their groups checked; null when malformed.</summary>
    private static string? Digits(string whole, bool pointsGroup)
    {
        var groups = whole.Split(pointsGroup ? [.. Spaces, '.'] : Spaces);
        if (groups.Any(g => g.Length == 0 || !g.All(char.IsAsciiDigit)))
        {
            return null;
        }
        // "1 234 567": the first group one to three digits, every other exactly three.
        if (groups.Length > 1 && (groups[0].Length > 3 || groups.Skip(1).Any(g => g.Length != 3)))
        {
            return null;
        }
        return string.Concat(groups);
    }
}
