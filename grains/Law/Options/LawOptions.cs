namespace P4Orleans.Law;

/// <summary>
/// Every UNVERIFIED value and tunable of the law engine, with its default. Plain object bindable from
/// the configuration section <see cref="SectionName"/>; each key is documented in grains/Law/README.md.
/// </summary>
public sealed class LawOptions
{
    /// <summary>Configuration section name: <c>Law</c>.</summary>
    public const string SectionName = "Law";

    /// <summary>
    /// First service date for which the opposition window is one month instead of 15 days.
    /// UNVERIFIED (the amending law is dated 26 May or 26 June 2019 depending on the source); default 2019-06-17.
    /// </summary>
    public DateOnly OppositionOneMonthFrom { get; set; } = new(2019, 6, 17);

    /// <summary>First notice date from which a final formal notice and a one-month wait precede a contrainte. Default 2019-06-17.</summary>
    public DateOnly FormalNoticeRequiredFrom { get; set; } = new(2019, 6, 17);

    /// <summary>Art. 55 extensions for a party without domicile, residence or elected domicile in Belgium.</summary>
    public AbroadExtensionOptions AbroadExtensions { get; set; } = new();

    /// <summary>Prescription periods (art. 42, law of 27 June 1969).</summary>
    public PrescriptionOptions Prescription { get; set; } = new();

    /// <summary>Bailiff tariff versions, indexation and VAT.</summary>
    public TariffOptions Tariff { get; set; } = new();

    /// <summary>Seizable income scales (art. 1409) for years other than 2026.</summary>
    public SeizableOptions Seizable { get; set; } = new();

    /// <summary>Optional path of a postal-code CSV replacing the embedded table (null: embedded resource).</summary>
    public string? PostalTablePath { get; set; }

    /// <summary>When an eBox message counts as received (UNVERIFIED values: see <see cref="EboxOptions"/>).</summary>
    public EboxOptions Ebox { get; set; } = new();

    /// <summary>Time zone of the court calendar, for instants. Default <c>Europe/Brussels</c>.</summary>
    public string TimeZoneId { get; set; } = "Europe/Brussels";
}

/// <summary>Art. 55 Judicial Code: days added for a party living abroad, by country group.</summary>
public sealed class AbroadExtensionOptions
{
    /// <summary>Neighbouring country (NL, DE, LU, FR) or Great Britain: 15 days (confirmed).</summary>
    public int NeighbouringOrGreatBritainDays { get; set; } = 15;

    /// <summary>Elsewhere in Europe: 30 days. UNVERIFIED.</summary>
    public int RestOfEuropeDays { get; set; } = 30;

    /// <summary>Elsewhere in the world: 80 days. UNVERIFIED.</summary>
    public int RestOfWorldDays { get; set; } = 80;
}

/// <summary>Prescription of ONSS claims.</summary>
public sealed class PrescriptionOptions
{
    /// <summary>Ordinary period in years. Default 3.</summary>
    public int OrdinaryYears { get; set; } = 3;

    /// <summary>Period in years after fraud or false declarations. Default 7.</summary>
    public int FraudYears { get; set; } = 7;
}

/// <summary>Bailiff tariff (royal decree of 30 November 1976, reformed by the royal decree of 18 May 2024).</summary>
public sealed class TariffOptions
{
    /// <summary>VAT rate on bailiff fees. Default 0.21.</summary>
    public decimal VatRate { get; set; } = 0.21m;

    /// <summary>First act date of the reformed tariff. Default 2024-10-01.</summary>
    public DateOnly ReformFrom { get; set; } = new(2024, 10, 1);

    /// <summary>Base amounts (2024) of the reformed tariff.</summary>
    public ReformedTariffOptions Reformed { get; set; } = new();

    /// <summary>
    /// Yearly indexation factor of the reformed tariff, keyed by year ("2025"). A year without a factor
    /// uses the latest earlier year's factor, else 1.0. UNVERIFIED: the published indexed amounts are not in the sources.
    /// </summary>
    public Dictionary<string, decimal> IndexationFactors { get; set; } = new() { ["2024"] = 1.0m };

    /// <summary>
    /// The tariff before the reform: graduated fee per act by claim band, keyed by band letter.
    /// Defaults A-F are the 2024 indexed graduated fees (art. 6) of the 1976 decree; band G and the use
    /// of one amount for every act type are UNVERIFIED.
    /// </summary>
    public Dictionary<string, LegacyBandOptions> LegacyBands { get; set; } = new()
    {
        ["A"] = new() { UpToCents = 12_499, AmountCents = 2_723 },
        ["B"] = new() { UpToCents = 36_999, AmountCents = 4_524 },
        ["C"] = new() { UpToCents = 61_999, AmountCents = 6_333 },
        ["D"] = new() { UpToCents = 185_999, AmountCents = 7_240 },
        ["E"] = new() { UpToCents = 371_999, AmountCents = 9_049 },
        ["F"] = new() { UpToCents = 1_239_999, AmountCents = 10_850 },
        ["G"] = new() { UpToCents = null, AmountCents = 12_660 },
    };
}

/// <summary>Base amounts of the tariff in force from 1 October 2024, in cents excluding VAT.</summary>
public sealed class ReformedTariffOptions
{
    /// <summary>Highest claim of class A, in cents. Default 200,000 (EUR 2,000.00).</summary>
    public long ClassAUpToCents { get; set; } = 200_000;

    /// <summary>Highest claim of class B, in cents. Default 500,000 (EUR 5,000.00).</summary>
    public long ClassBUpToCents { get; set; } = 500_000;

    /// <summary>Graduated fee for class A. Default 12,500 (EUR 125).</summary>
    public long ClassACents { get; set; } = 12_500;

    /// <summary>Graduated fee for class B. Default 17,500 (EUR 175).</summary>
    public long ClassBCents { get; set; } = 17_500;

    /// <summary>Graduated fee for class C. Default 25,000 (EUR 250).</summary>
    public long ClassCCents { get; set; } = 25_000;

    /// <summary>Fixed administrative file fee. Default 5,000 (EUR 50).</summary>
    public long FileFeeCents { get; set; } = 5_000;
}

/// <summary>One claim band of the tariff before 1 October 2024.</summary>
public sealed class LegacyBandOptions
{
    /// <summary>Highest claim of the band in cents; null for the open top band.</summary>
    public long? UpToCents { get; set; }

    /// <summary>Fee per act, in cents excluding VAT.</summary>
    public long AmountCents { get; set; }
}

/// <summary>Seizable-income scales (art. 1409 Judicial Code) keyed by the year they apply from ("2025").</summary>
public sealed class SeizableOptions
{
    /// <summary>
    /// Scales for years other than 2026 (2026 is fixed by LEGAL.md §6 and built in; a 2026 entry here is ignored).
    /// 2023 and 2024 are from published tables; 2025 thresholds are UNVERIFIED.
    /// </summary>
    public Dictionary<string, SeizableScaleOptions> Scales { get; set; } = new()
    {
        ["2023"] = new() { NothingUpToCents = 131_600, TwentyPercentUpToCents = 141_400, ThirtyPercentUpToCents = 156_000, FortyPercentUpToCents = 170_600, PerChildCents = 8_100 },
        ["2024"] = new() { NothingUpToCents = 134_100, TwentyPercentUpToCents = 144_000, ThirtyPercentUpToCents = 158_900, FortyPercentUpToCents = 173_800, PerChildCents = 8_300 },
        ["2025"] = new() { NothingUpToCents = 136_900, TwentyPercentUpToCents = 147_100, ThirtyPercentUpToCents = 162_300, FortyPercentUpToCents = 177_400, PerChildCents = 8_600 },
    };
}

/// <summary>Monthly thresholds of one year, in cents of net income.</summary>
public sealed class SeizableScaleOptions
{
    /// <summary>Nothing is seizable up to this amount.</summary>
    public long NothingUpToCents { get; set; }

    /// <summary>20% of the slice up to this amount.</summary>
    public long TwentyPercentUpToCents { get; set; }

    /// <summary>30% (work income; 40% for replacement income) of the slice up to this amount.</summary>
    public long ThirtyPercentUpToCents { get; set; }

    /// <summary>40% of the slice up to this amount; everything above it is seizable.</summary>
    public long FortyPercentUpToCents { get; set; }

    /// <summary>Amount by which the seizable part is reduced per dependent child.</summary>
    public long PerChildCents { get; set; }
}
