namespace P4Orleans.Law;

/// <summary>Where a party lives, for the art. 55 extensions.</summary>
public enum CountryGroup
{
    Belgium,
    NeighbouringOrGreatBritain,
    RestOfEurope,
    RestOfWorld,
}

/// <summary>Classifies an ISO 3166-1 alpha-2 country code into an art. 55 group.</summary>
public static class CountryGroups
{
    /// <summary>Detail code of <see cref="CountryGroup.NeighbouringOrGreatBritain"/> in explanations.</summary>
    public const string NeighbouringCode = "neighbouring-or-gb";

    /// <summary>Detail code of <see cref="CountryGroup.RestOfEurope"/> in explanations.</summary>
    public const string EuropeCode = "rest-of-europe";

    /// <summary>Detail code of <see cref="CountryGroup.RestOfWorld"/> in explanations.</summary>
    public const string WorldCode = "rest-of-world";

    // Art. 55: the neighbouring countries and Great Britain.
    private static readonly HashSet<string> Neighbours = new(StringComparer.OrdinalIgnoreCase) { "NL", "DE", "LU", "FR", "GB", "UK" };

    // Geographical Europe. Countries whose European status is debatable (TR, GE, AM, AZ, KZ) are left
    // out on purpose: the longer world extension is the safe side for the debtor's rights.
    private static readonly HashSet<string> Europe = new(StringComparer.OrdinalIgnoreCase)
    {
        "AD", "AL", "AT", "AX", "BA", "BG", "BY", "CH", "CY", "CZ", "DK", "EE", "ES", "FI", "FO", "GG", "GI",
        "GR", "HR", "HU", "IE", "IM", "IS", "IT", "JE", "LI", "LT", "LV", "MC", "MD", "ME", "MK", "MT", "NO",
        "PL", "PT", "RO", "RS", "RU", "SE", "SI", "SJ", "SK", "SM", "UA", "VA", "XK",
    };

    /// <summary>The group of a two-letter country code; unknown codes fall in the rest of the world.</summary>
    public static CountryGroup Classify(string countryCode)
    {
        ArgumentNullException.ThrowIfNull(countryCode);
        var code = countryCode.Trim();
        if (code.Equals("BE", StringComparison.OrdinalIgnoreCase))
        {
            return CountryGroup.Belgium;
        }

        if (Neighbours.Contains(code))
        {
            return CountryGroup.NeighbouringOrGreatBritain;
        }

        return Europe.Contains(code) ? CountryGroup.RestOfEurope : CountryGroup.RestOfWorld;
    }

    /// <summary>True when <paramref name="countryCode"/> is two ASCII letters.</summary>
    public static bool IsWellFormed(string? countryCode) =>
        countryCode is { Length: 2 } c && char.IsAsciiLetter(c[0]) && char.IsAsciiLetter(c[1]);

    /// <summary>Days added by art. 55 for <paramref name="group"/>, from the options.</summary>
    public static int ExtensionDays(CountryGroup group, AbroadExtensionOptions options) => group switch
    {
        CountryGroup.NeighbouringOrGreatBritain => options.NeighbouringOrGreatBritainDays,
        CountryGroup.RestOfEurope => options.RestOfEuropeDays,
        CountryGroup.RestOfWorld => options.RestOfWorldDays,
        _ => 0,
    };

    internal static string Code(CountryGroup group) => group switch
    {
        CountryGroup.NeighbouringOrGreatBritain => NeighbouringCode,
        CountryGroup.RestOfEurope => EuropeCode,
        CountryGroup.RestOfWorld => WorldCode,
        _ => "belgium",
    };
}
