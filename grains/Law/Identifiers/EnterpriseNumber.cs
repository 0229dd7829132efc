using System.Globalization;

namespace P4Orleans.Law;

/// <summary>Enterprise number (KBO/BCE): 10 digits, first digit 0 or 1, mod-97 check.</summary>
public static class EnterpriseNumber
{
    /// <summary>Checks <paramref name="input"/>; an old 9-digit number is read with a leading 0.</summary>
    public static IdentifierResult Validate(string? input)
    {
        const IdentifierKind kind = IdentifierKind.Kbo;
        var given = input ?? string.Empty;
        if (string.IsNullOrWhiteSpace(given))
        {
            return IdentifierResult.Fail(kind, given, null, IdentifierChecks.Empty, "No enterprise number was given.");
        }

        var trimmed = given.Trim();
        if (trimmed.StartsWith("BE", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[2..];
        }

        var digits = IdentifierText.Digits(trimmed, out var bad, out var at);
        if (digits is null)
        {
            return IdentifierResult.Fail(kind, given, null, IdentifierChecks.Characters,
                $"Character '{bad}' at position {at} is not allowed: only digits, dots, dashes, slashes and spaces.");
        }

        if (digits.Length == 9)
        {
            digits = "0" + digits;
        }

        if (digits.Length != 10)
        {
            return IdentifierResult.Fail(kind, given, digits, IdentifierChecks.Length,
                $"An enterprise number has 10 digits (or 9 in the old form); this one has {digits.Length}.");
        }

        if (digits[0] is not ('0' or '1'))
        {
            return IdentifierResult.Fail(kind, given, digits, IdentifierChecks.FirstDigit,
                $"The first digit must be 0 or 1, not {digits[0]}.");
        }

        var first8 = long.Parse(digits.AsSpan(0, 8), CultureInfo.InvariantCulture);
        var check = int.Parse(digits.AsSpan(8, 2), CultureInfo.InvariantCulture);
        var expected = 97 - (int)(first8 % 97);
        if (check != expected)
        {
            return IdentifierResult.Fail(kind, given, digits, IdentifierChecks.Checksum,
                $"Check digits {check:00} do not match: 97 - ({digits[..8]} mod 97) = {expected:00}.");
        }

        return new IdentifierResult(kind, given, true, digits, Format(digits), null, null);
    }

    /// <summary>Display form 0123.456.749 of 10 digits.</summary>
    public static string Format(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (digits.Length != 10)
        {
            throw new ArgumentException("Expected 10 digits.", nameof(digits));
        }

        return $"{digits[..4]}.{digits[4..7]}.{digits[7..]}";
    }
}
