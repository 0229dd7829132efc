namespace P4Orleans.Law;

/// <summary>A dated version of the list of legal holidays.</summary>
public abstract class HolidayLaw(string id, DateOnly validFrom) : RuleVersion(id, validFrom)
{
    /// <summary>The legal holidays of <paramref name="year"/>, in date order.</summary>
    public abstract IReadOnlyList<LegalHoliday> HolidaysOf(int year);
}

/// <summary>Law of 4 January 1974: ten legal holidays, three of them moving with Easter.</summary>
public sealed class HolidayLaw1974 : HolidayLaw
{
    /// <summary>The version, in force since 1974-01-04.</summary>
    public HolidayLaw1974()
        : base("holidays-law-1974-01-04", new DateOnly(1974, 1, 4))
    {
    }

    /// <inheritdoc />
    public override IReadOnlyList<LegalHoliday> HolidaysOf(int year)
    {
        var easter = Easter.Sunday(year);
        LegalHoliday[] holidays =
        [
            new(new DateOnly(year, 1, 1), "new-year", "Jour de l'An", "Nieuwjaar"),
            new(easter.AddDays(1), "easter-monday", "lundi de Pâques", "Paasmaandag"),
            new(new DateOnly(year, 5, 1), "labour-day", "fête du Travail", "Feest van de Arbeid"),
            new(easter.AddDays(39), "ascension", "Ascension", "Onze-Lieve-Heer-Hemelvaart"),
            new(easter.AddDays(50), "whit-monday", "lundi de Pentecôte", "Pinkstermaandag"),
            new(new DateOnly(year, 7, 21), "national-day", "fête nationale", "Nationale feestdag"),
            new(new DateOnly(year, 8, 15), "assumption", "Assomption", "Onze-Lieve-Vrouw-Hemelvaart"),
            new(new DateOnly(year, 11, 1), "all-saints", "Toussaint", "Allerheiligen"),
            new(new DateOnly(year, 11, 11), "armistice", "Armistice", "Wapenstilstand"),
            new(new DateOnly(year, 12, 25), "christmas", "Noël", "Kerstmis"),
        ];
        Array.Sort(holidays, (a, b) => a.Date.CompareTo(b.Date));
        return holidays;
    }
}
