using System.Globalization;

namespace P4Orleans.Law;

/// <summary>National register number (NISS/INSZ): YYMMDD SSS CC.</summary>
public static class NationalRegisterNumber
{
    /// <summary>Checks <paramref name="input"/> and reports the first check that fails.</summary>
    public static IdentifierResult Validate(string? input)
    {
        const IdentifierKind kind = IdentifierKind.Niss;
        var given = input ?? string.Empty;
        if (string.IsNullOrWhiteSpace(given))
        {
            return IdentifierResult.Fail(kind, given, null, IdentifierChecks.Empty, "No national register number was given.");
        }

        var digits = IdentifierText.Digits(given, out var bad, out var at);
        if (digits is null)
        {
            return IdentifierResult.Fail(kind, given, null, IdentifierChecks.Characters,
                $"Character '{bad}' at position {at} is not allowed: only digits, dots, dashes, slashes and spaces.");
        }

        if (digits.Length != 11)
        {
            return IdentifierResult.Fail(kind, given, digits, IdentifierChecks.Length,
                $"A national register number has 11 digits; this one has {digits.Length}.");
        }

        var month = int.Parse(digits.AsSpan(2, 2), CultureInfo.InvariantCulture);
        var day = int.Parse(digits.AsSpan(4, 2), CultureInfo.InvariantCulture);
        // BIS numbers add 20 (sex unknown) or 40 (sex known) to the month; 00 means unknown.
        var (baseMonth, isBis, sexKnown) = month switch
        {
            <= 12 => (month, false, true),
            >= 20 and <= 32 => (month - 20, true, false),
            >= 40 and <= 52 => (month - 40, true, true),
            _ => (-1, false, false),
        };
        if (baseMonth < 0)
        {
            return IdentifierResult.Fail(kind, given, digits, IdentifierChecks.Month,
                $"Month {month:00} is not 00-12, nor 20-32 or 40-52 for a BIS number.");
        }

        if (day > 31)
        {
            return IdentifierResult.Fail(kind, given, digits, IdentifierChecks.Day, $"Day {day:00} is not 00-31.");
        }

        var first9 = long.Parse(digits.AsSpan(0, 9), CultureInfo.InvariantCulture);
        var check = int.Parse(digits.AsSpan(9, 2), CultureInfo.InvariantCulture);
        var before2000 = 97 - (int)(first9 % 97);
        var from2000 = 97 - (int)((2_000_000_000L + first9) % 97);
        int century;
        if (check == before2000)
        {
            century = 1900;
        }
        else if (check == from2000)
        {
            century = 2000;
        }
        else
        {
            return IdentifierResult.Fail(kind, given, digits, IdentifierChecks.Checksum,
                $"Check digits {check:00} do not match: expected {before2000:00} for a birth before 2000 or {from2000:00} for a birth from 2000.");
        }

        var year = century + int.Parse(digits.AsSpan(0, 2), CultureInfo.InvariantCulture);
        DateOnly? birth = null;
        if (baseMonth > 0 && day > 0)
        {
            if (day > DateTime.DaysInMonth(year, baseMonth))
            {
                return IdentifierResult.Fail(kind, given, digits, IdentifierChecks.Date,
                    $"Birth date {year}-{baseMonth:00}-{day:00} does not exist.");
            }

            birth = new DateOnly(year, baseMonth, day);
        }

        var sequence = int.Parse(digits.AsSpan(6, 3), CultureInfo.InvariantCulture);
        var sex = !sexKnown ? Sex.Unknown : sequence % 2 == 1 ? Sex.Male : Sex.Female;
        var details = new NissDetails(year, baseMonth == 0 ? null : baseMonth, day == 0 ? null : day, birth, sex, isBis);
        return new IdentifierResult(kind, given, true, digits, Format(digits), null, null, details);
    }

    /// <summary>Display form 85.07.30-033.28 of 11 digits.</summary>
    public static string Format(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (digits.Length != 11)
        {
            throw new ArgumentException("Expected 11 digits.", nameof(digits));
        }

        return $"{digits[..2]}.{digits[2..4]}.{digits[4..6]}-{digits[6..9]}.{digits[9..]}";
    }
}
