using System.Globalization;
using System.Text;

namespace P4Orleans.Law;

/// <summary>Belgian IBAN: BE + 2 check digits + 12-digit BBAN; ISO 13616 and national mod-97 checks.</summary>
public static class BelgianIban
{
    /// <summary>Checks <paramref name="input"/> and reports the first check that fails.</summary>
    public static IdentifierResult Validate(string? input)
    {
        const IdentifierKind kind = IdentifierKind.Iban;
        var given = input ?? string.Empty;
        if (string.IsNullOrWhiteSpace(given))
        {
            return IdentifierResult.Fail(kind, given, null, IdentifierChecks.Empty, "No IBAN was given.");
        }

        var compact = new StringBuilder(given.Length);
        for (var i = 0; i < given.Length; i++)
        {
            var c = given[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                compact.Append(char.ToUpperInvariant(c));
            }
            else if (!IdentifierText.IsSeparator(c))
            {
                return IdentifierResult.Fail(kind, given, null, IdentifierChecks.Characters,
                    $"Character '{c}' at position {i + 1} is not allowed in an IBAN.");
            }
        }

        var iban = compact.ToString();
        if (!iban.StartsWith("BE", StringComparison.Ordinal))
        {
            return IdentifierResult.Fail(kind, given, iban, IdentifierChecks.Country,
                $"Not a Belgian IBAN: it starts with '{(iban.Length >= 2 ? iban[..2] : iban)}' instead of 'BE'.");
        }

        if (iban.Length != 16)
        {
            return IdentifierResult.Fail(kind, given, iban, IdentifierChecks.Length,
                $"A Belgian IBAN has 16 characters; this one has {iban.Length}.");
        }

        for (var i = 2; i < iban.Length; i++)
        {
            if (!char.IsAsciiDigit(iban[i]))
            {
                return IdentifierResult.Fail(kind, given, iban, IdentifierChecks.Characters,
                    $"Character '{iban[i]}' at position {i + 1} must be a digit in a Belgian IBAN.");
            }
        }

        // ISO 13616: move country and check digits to the end, letters to numbers (B=11, E=14), mod 97 = 1.
        var rearranged = iban[4..] + "1114" + iban[2..4];
        if (IdentifierText.Mod97(rearranged) != 1)
        {
            return IdentifierResult.Fail(kind, given, iban, IdentifierChecks.IbanChecksum,
                $"The IBAN check digits {iban[2..4]} are wrong (ISO 13616 mod-97 gives {IdentifierText.Mod97(rearranged)}, not 1).");
        }

        // National check: the last two BBAN digits are the first ten mod 97, 0 becoming 97.
        var bban = iban[4..];
        var rest = (int)(long.Parse(bban.AsSpan(0, 10), CultureInfo.InvariantCulture) % 97);
        var expected = rest == 0 ? 97 : rest;
        var actual = int.Parse(bban.AsSpan(10, 2), CultureInfo.InvariantCulture);
        if (actual != expected)
        {
            return IdentifierResult.Fail(kind, given, iban, IdentifierChecks.NationalChecksum,
                $"The account number check digits {actual:00} are wrong: {bban[..10]} mod 97 = {expected:00}.");
        }

        return new IdentifierResult(kind, given, true, iban, Format(iban), null, null);
    }

    /// <summary>Display form in groups of four: BE68 5390 0754 7034.</summary>
    public static string Format(string iban)
    {
        ArgumentNullException.ThrowIfNull(iban);
        var groups = Enumerable.Range(0, (iban.Length + 3) / 4).Select(i => iban.Substring(i * 4, Math.Min(4, iban.Length - (i * 4))));
        return string.Join(' ', groups);
    }
}
