using System.Globalization;

namespace P4Orleans.Law;

/// <summary>Natural or legal person: decides which address fixes competence.</summary>
public enum PersonKind
{
    /// <summary>Natural person: the domicile.</summary>
    Natural,

    /// <summary>Legal person: the registered seat.</summary>
    Legal,
}

/// <summary>The debtor's relevant address: domicile of a natural person, registered seat of a legal person.</summary>
/// <param name="Person">Natural or legal person.</param>
/// <param name="CountryCode">ISO 3166-1 alpha-2 country code of that address.</param>
/// <param name="PostalCode">Postal code of that address.</param>
public sealed record CompetenceRequest(PersonKind Person, string CountryCode, string? PostalCode);

/// <summary>Reasons a competence lookup needs a person to decide.</summary>
public static class ManualDecisionReasons
{
    public const string ForeignAddress = "foreign-address";
    public const string NonGeographicPostalCode = "non-geographic-postal-code";
    public const string UnknownPostalCode = "unknown-postal-code";
    public const string MalformedPostalCode = "malformed-postal-code";
}

/// <summary>The competent arrondissement, or the reason a person must decide. Never a guess.</summary>
/// <param name="NeedsManualDecision">True when no arrondissement can be given.</param>
/// <param name="Arrondissement">The arrondissement, when found.</param>
/// <param name="Basis"><c>domicile</c> or <c>registered-seat</c>.</param>
/// <param name="PostalCode">The postal code as read.</param>
/// <param name="Reason">Code of the reason for a manual decision (see <see cref="ManualDecisionReasons"/>).</param>
/// <param name="Range">The table row used, when one matched.</param>
/// <param name="French">One French sentence.</param>
/// <param name="Dutch">One Dutch sentence.</param>
public sealed record CompetenceResult(
    bool NeedsManualDecision,
    Arrondissement? Arrondissement,
    string Basis,
    string? PostalCode,
    string? Reason,
    PostalRange? Range,
    string French,
    string Dutch);

/// <summary>Finds the competent judicial arrondissement from the postal table.</summary>
public static class CompetenceResolver
{
    /// <summary>Resolves <paramref name="request"/> against <paramref name="table"/>.</summary>
    public static CompetenceResult Resolve(CompetenceRequest request, PostalTable table)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(table);
        var legal = request.Person == PersonKind.Legal;
        var basis = legal ? "registered-seat" : "domicile";
        var basisFr = legal ? "siège social" : "domicile";
        var basisNl = legal ? "maatschappelijke zetel" : "woonplaats";
        var code = request.PostalCode?.Trim();

        if (!string.Equals(request.CountryCode?.Trim(), "BE", StringComparison.OrdinalIgnoreCase))
        {
            return Manual(basis, code, ManualDecisionReasons.ForeignAddress, null,
                $"Le {basisFr} est à l'étranger ({request.CountryCode}) : décision manuelle requise.",
                $"De {basisNl} ligt in het buitenland ({request.CountryCode}): manuele beslissing vereist.");
        }

        if (code is not { Length: 4 } || !int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return Manual(basis, code, ManualDecisionReasons.MalformedPostalCode, null,
                $"Le code postal « {code} » du {basisFr} n'a pas quatre chiffres : décision manuelle requise.",
                $"De postcode '{code}' van de {basisNl} heeft geen vier cijfers: manuele beslissing vereist.");
        }

        var range = table.Find(number);
        if (range is null)
        {
            return Manual(basis, code, ManualDecisionReasons.UnknownPostalCode, null,
                $"Le code postal {code} du {basisFr} ne figure pas dans la table : décision manuelle requise.",
                $"De postcode {code} van de {basisNl} staat niet in de tabel: manuele beslissing vereist.");
        }

        var arrondissement = Arrondissements.Find(range.ArrondissementId);
        if (arrondissement is null)
        {
            return Manual(basis, code, ManualDecisionReasons.NonGeographicPostalCode, range,
                $"Le code postal {code} du {basisFr} n'est pas géographique : décision manuelle requise.",
                $"De postcode {code} van de {basisNl} is niet geografisch: manuele beslissing vereist.");
        }

        return new CompetenceResult(false, arrondissement, basis, code, null, range,
            $"Code postal {code} ({basisFr}) : arrondissement judiciaire {arrondissement.NameFr} (table postale, plage {range.From}-{range.To}).",
            $"Postcode {code} ({basisNl}): gerechtelijk arrondissement {arrondissement.NameNl} (postcodetabel, reeks {range.From}-{range.To}).");
    }

    private static CompetenceResult Manual(string basis, string? code, string reason, PostalRange? range, string fr, string nl) =>
        new(true, null, basis, code, reason, range, fr, nl);
}
