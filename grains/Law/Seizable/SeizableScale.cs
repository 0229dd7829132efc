using System.Globalization;

namespace P4Orleans.Law;

/// <summary>Origin of the income: work income has a 30% band, replacement income does not (art. 1409 §1 and §1bis).</summary>
public enum IncomeType
{
    Work,
    Replacement,
}

/// <summary>
/// One year's scale of art. 1409 of the Judicial Code: monthly net thresholds and the reduction of the
/// seizable part per dependent child. A new year is a new instance of this data class.
/// </summary>
public sealed class SeizableScale : RuleVersion
{
    /// <summary>Creates a scale applying from <paramref name="validFrom"/>.</summary>
    public SeizableScale(string id, DateOnly validFrom, long nothingUpTo, long twentyUpTo, long thirtyUpTo, long fortyUpTo, long perChild, bool verified)
        : base(id, validFrom)
    {
        if (!(nothingUpTo < twentyUpTo && twentyUpTo < thirtyUpTo && thirtyUpTo < fortyUpTo) || perChild < 0)
        {
            throw new ArgumentException($"Scale {id}: thresholds must increase and the child amount must not be negative.");
        }

        NothingUpToCents = nothingUpTo;
        TwentyPercentUpToCents = twentyUpTo;
        ThirtyPercentUpToCents = thirtyUpTo;
        FortyPercentUpToCents = fortyUpTo;
        PerChildCents = perChild;
        Verified = verified;
    }

    /// <summary>Nothing is seizable up to this monthly net amount (cents).</summary>
    public long NothingUpToCents { get; }

    /// <summary>20% of the slice up to this amount is seizable.</summary>
    public long TwentyPercentUpToCents { get; }

    /// <summary>30% of the slice up to this amount (work income only).</summary>
    public long ThirtyPercentUpToCents { get; }

    /// <summary>40% of the slice up to this amount; everything above is seizable.</summary>
    public long FortyPercentUpToCents { get; }

    /// <summary>Deducted from the seizable part per dependent child.</summary>
    public long PerChildCents { get; }

    /// <summary>False for amounts taken from configuration defaults marked UNVERIFIED.</summary>
    public bool Verified { get; }

    /// <summary>The 2026 scale of LEGAL.md §6 (securex.be): 1,419 / 1,524 / 1,682 / 1,839, EUR 88 per child.</summary>
    public static SeizableScale Year2026 { get; } =
        new("art-1409-2026", new DateOnly(2026, 1, 1), 141_900, 152_400, 168_200, 183_900, 8_800, verified: true);

    /// <summary>The built-in 2026 scale plus one scale per configured year (a configured 2026 is ignored).</summary>
    public static RuleSet<SeizableScale> FromOptions(SeizableOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var scales = new List<SeizableScale> { Year2026 };
        foreach (var (key, s) in options.Scales)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            {
                throw new ArgumentException($"Seizable scale key '{key}' is not a year.", nameof(options));
            }

            if (year != 2026)
            {
                scales.Add(new SeizableScale($"art-1409-{year}", new DateOnly(year, 1, 1), s.NothingUpToCents,
                    s.TwentyPercentUpToCents, s.ThirtyPercentUpToCents, s.FortyPercentUpToCents, s.PerChildCents,
                    verified: year is 2023 or 2024));
            }
        }

        return new RuleSet<SeizableScale>(scales);
    }
}
