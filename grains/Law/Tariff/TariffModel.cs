namespace P4Orleans.Law;

/// <summary>Bailiff acts the tariff prices.</summary>
public enum BailiffAct
{
    /// <summary>Service of a contrainte with command to pay.</summary>
    ServiceOfContrainte,
    SeizureOfMovables,
    Garnishment,
    RealEstateSeizure,

    /// <summary>Report (procès-verbal).</summary>
    Report,

    /// <summary>Fixed administrative file fee.</summary>
    FileFee,
}

/// <summary>The cost of one act for a claim on a date, in cents.</summary>
/// <param name="Act">The act.</param>
/// <param name="ClaimCents">The claim the act is about.</param>
/// <param name="ActDate">Date of the act: selects the tariff version and the indexation year.</param>
/// <param name="TariffVersionId">Tariff version applied.</param>
/// <param name="ClaimClass">Claim class or band (A, B, C...; <c>fixed</c> for the file fee; <c>none</c> when the act is not priced).</param>
/// <param name="BaseCents">Amount before indexation.</param>
/// <param name="IndexationFactor">Factor applied (1 when none).</param>
/// <param name="ExclVatCents">Amount excluding VAT.</param>
/// <param name="VatRate">VAT rate applied.</param>
/// <param name="VatCents">VAT.</param>
/// <param name="TotalCents">Amount including VAT.</param>
/// <param name="French">The computation in one French sentence.</param>
/// <param name="Dutch">The computation in one Dutch sentence.</param>
public sealed record TariffCost(
    BailiffAct Act,
    long ClaimCents,
    DateOnly ActDate,
    string TariffVersionId,
    string ClaimClass,
    long BaseCents,
    decimal IndexationFactor,
    long ExclVatCents,
    decimal VatRate,
    long VatCents,
    long TotalCents,
    string French,
    string Dutch);

/// <summary>A dated version of the bailiff tariff.</summary>
public abstract class TariffVersion(string id, DateOnly validFrom) : RuleVersion(id, validFrom)
{
    /// <summary>The cost of <paramref name="act"/> for a claim of <paramref name="claimCents"/> on <paramref name="actDate"/>.</summary>
    public abstract TariffCost Cost(BailiffAct act, long claimCents, DateOnly actDate);

    /// <summary>Builds the result: VAT rounded to the cent, sentences in both languages.</summary>
    protected TariffCost Build(BailiffAct act, long claimCents, DateOnly actDate, string claimClass, string classTextFr,
        string classTextNl, long baseCents, decimal factor, decimal vatRate)
    {
        var excl = Money.RoundCents(baseCents * factor);
        var vat = Money.RoundCents(excl * vatRate);
        var total = excl + vat;
        var factorText = factor.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);
        var vatPercent = (vatRate * 100m).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        var french =
            $"{ActFr(act)} le {DateText.French(actDate)}, créance {Money.French(claimCents)} : tarif {Id}, {classTextFr}, " +
            $"base {Money.French(baseCents)} × indexation {factorText.Replace('.', ',')} = {Money.French(excl)} hors TVA ; " +
            $"TVA {vatPercent.Replace('.', ',')} % {Money.French(vat)} ; total {Money.French(total)}.";
        var dutch =
            $"{ActNl(act)} op {DateText.Dutch(actDate)}, schuldvordering {Money.Dutch(claimCents)}: tarief {Id}, {classTextNl}, " +
            $"basis {Money.Dutch(baseCents)} × indexering {factorText.Replace('.', ',')} = {Money.Dutch(excl)} excl. btw; " +
            $"btw {vatPercent.Replace('.', ',')} % {Money.Dutch(vat)}; totaal {Money.Dutch(total)}.";
        return new TariffCost(act, claimCents, actDate, Id, claimClass, baseCents, factor, excl, vatRate, vat, total, french, dutch);
    }

    private static string ActFr(BailiffAct act) => act switch
    {
        BailiffAct.ServiceOfContrainte => "Signification d'une contrainte avec commandement de payer",
        BailiffAct.SeizureOfMovables => "Saisie-exécution mobilière",
        BailiffAct.Garnishment => "Saisie-arrêt",
        BailiffAct.RealEstateSeizure => "Saisie immobilière",
        BailiffAct.Report => "Procès-verbal",
        _ => "Frais de dossier",
    };

    private static string ActNl(BailiffAct act) => act switch
    {
        BailiffAct.ServiceOfContrainte => "Betekening van een dwangbevel met bevel tot betaling",
        BailiffAct.SeizureOfMovables => "Uitvoerend beslag op roerend goed",
        BailiffAct.Garnishment => "Beslag onder derden",
        BailiffAct.RealEstateSeizure => "Uitvoerend beslag op onroerend goed",
        BailiffAct.Report => "Proces-verbaal",
        _ => "Dossierkosten",
    };
}
