using System.Globalization;

namespace P4Orleans.Law;

/// <summary>
/// Tariff from 1 October 2024 (royal decree of 18 May 2024): graduated fee per act in three claim classes,
/// a fixed file fee, indexed on 1 January each year (factor by year from configuration), plus VAT.
/// </summary>
public sealed class TariffReform2024(TariffOptions options) : TariffVersion("tariff-rd-2024-05-18", options.ReformFrom)
{
    /// <inheritdoc />
    public override TariffCost Cost(BailiffAct act, long claimCents, DateOnly actDate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(claimCents);
        var amounts = options.Reformed;
        var factor = TariffIndexation.FactorFor(options.IndexationFactors, actDate.Year);
        if (act == BailiffAct.FileFee)
        {
            return Build(act, claimCents, actDate, "fixed", "frais de dossier fixes", "vaste dossierkosten",
                amounts.FileFeeCents, factor, options.VatRate);
        }

        // Class A up to EUR 2,000.00; B from 2,000.01 to 5,000.00; C above.
        var (label, baseCents, fr, nl) = claimCents <= amounts.ClassAUpToCents
            ? ("A", amounts.ClassACents, $"classe A (jusqu'à {Money.French(amounts.ClassAUpToCents)})", $"klasse A (tot {Money.Dutch(amounts.ClassAUpToCents)})")
            : claimCents <= amounts.ClassBUpToCents
                ? ("B", amounts.ClassBCents,
                    $"classe B ({Money.French(amounts.ClassAUpToCents + 1)} à {Money.French(amounts.ClassBUpToCents)})",
                    $"klasse B ({Money.Dutch(amounts.ClassAUpToCents + 1)} tot {Money.Dutch(amounts.ClassBUpToCents)})")
                : ("C", amounts.ClassCCents, $"classe C (plus de {Money.French(amounts.ClassBUpToCents)})", $"klasse C (meer dan {Money.Dutch(amounts.ClassBUpToCents)})");
        return Build(act, claimCents, actDate, label, fr, nl, baseCents, factor, options.VatRate);
    }
}

/// <summary>
/// Tariff before 1 October 2024 (royal decree of 30 November 1976, 2024 indexed amounts): graduated fee by
/// claim band, the same amount for every act type, no file fee. Band G and the act mapping are UNVERIFIED.
/// </summary>
public sealed class TariffLegacy1976(TariffOptions options) : TariffVersion("tariff-rd-1976-11-30", DateOnly.MinValue)
{
    /// <inheritdoc />
    public override TariffCost Cost(BailiffAct act, long claimCents, DateOnly actDate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(claimCents);
        if (act == BailiffAct.FileFee)
        {
            return Build(act, claimCents, actDate, "none", "pas de frais de dossier dans cette version",
                "geen dossierkosten in deze versie", 0, 1m, options.VatRate);
        }

        var bands = options.LegacyBands
            .OrderBy(b => b.Value.UpToCents ?? long.MaxValue)
            .ToList();
        long lower = 0;
        foreach (var (label, band) in bands)
        {
            if (band.UpToCents is not { } upper || claimCents <= upper)
            {
                var fr = band.UpToCents is { } u1 ? $"tranche {label} ({Money.French(lower)} à {Money.French(u1)})" : $"tranche {label} (à partir de {Money.French(lower)})";
                var nl = band.UpToCents is { } u2 ? $"schijf {label} ({Money.Dutch(lower)} tot {Money.Dutch(u2)})" : $"schijf {label} (vanaf {Money.Dutch(lower)})";
                return Build(act, claimCents, actDate, label, fr, nl, band.AmountCents, 1m, options.VatRate);
            }

            lower = upper + 1;
        }

        throw new LawRuleException($"No legacy tariff band covers a claim of {Money.Invariant(claimCents)} EUR; configure an open top band.");
    }
}

/// <summary>Indexation factor lookup.</summary>
public static class TariffIndexation
{
    /// <summary>The factor for <paramref name="year"/>, else the latest earlier year's, else 1.</summary>
    public static decimal FactorFor(IReadOnlyDictionary<string, decimal> factors, int year)
    {
        ArgumentNullException.ThrowIfNull(factors);
        var best = (Year: int.MinValue, Factor: 1m);
        foreach (var (key, factor) in factors)
        {
            if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y <= year && y > best.Year)
            {
                best = (y, factor);
            }
        }

        return best.Factor;
    }
}
