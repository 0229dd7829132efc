using System.Globalization;

namespace P4Orleans.Law;

/// <summary>Euro amounts: integer cents inside the engine, written out for people.</summary>
public static class Money
{
    /// <summary>
    /// The ceiling of one amount the platform records (a charge, a payment, an instalment): EUR 1,000,000,000.00.
    /// Far above any social-security claim, and low enough that sums of many such amounts stay far from 2^63.
    /// </summary>
    public const long MaxAmountCents = 100_000_000_000;

    /// <summary>Rounds a decimal number of cents to whole cents, half away from zero.</summary>
    public static long RoundCents(decimal cents) => (long)decimal.Round(cents, 0, MidpointRounding.AwayFromZero);

    /// <summary>French display: "2 500,00 €".</summary>
    public static string French(long cents) => Group(cents, ' ', ',') + " €";

    /// <summary>Dutch display: "€ 2.500,00".</summary>
    public static string Dutch(long cents) => "€ " + Group(cents, '.', ',');

    /// <summary>Invariant display for JSON and logs: "2500.00".</summary>
    public static string Invariant(long cents) =>
        (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads "2500", "2500.5", "2500.00" or "2500,00" (no thousands separator, at most two decimals) as cents.
    /// </summary>
    public static bool TryParseEuros(string? text, out long cents)
    {
        cents = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var normalized = text.Trim().Replace(',', '.');
        var dot = normalized.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0 && (normalized.Length - dot - 1 > 2 || normalized.LastIndexOf('.') != dot))
        {
            return false;
        }

        if (!decimal.TryParse(normalized, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var euros))
        {
            return false;
        }

        cents = (long)(euros * 100m);
        return true;
    }

    private static string Group(long cents, char thousands, char decimals)
    {
        var negative = cents < 0;
        var absolute = Math.Abs(cents);
        var euros = (absolute / 100).ToString("#,0", CultureInfo.InvariantCulture).Replace(',', thousands);
        var text = $"{euros}{decimals}{absolute % 100:00}";
        return negative ? "-" + text : text;
    }
}
