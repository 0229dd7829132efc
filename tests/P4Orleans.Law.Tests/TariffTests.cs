namespace P4Orleans.Law.Tests;

public sealed class TariffTests
{
    private readonly LawEngine engine = new();

    [Theory]
    // From 1 October 2024: class A up to 2,000.00 (125), B up to 5,000.00 (175), C above (250); VAT 21%.
    [InlineData(200_000, "2025-01-10", "tariff-rd-2024-05-18", "A", 12_500, 2_625, 15_125)]
    [InlineData(200_001, "2025-01-10", "tariff-rd-2024-05-18", "B", 17_500, 3_675, 21_175)]
    [InlineData(500_000, "2025-01-10", "tariff-rd-2024-05-18", "B", 17_500, 3_675, 21_175)]
    [InlineData(500_001, "2025-01-10", "tariff-rd-2024-05-18", "C", 25_000, 5_250, 30_250)]
    [InlineData(200_000, "2024-10-01", "tariff-rd-2024-05-18", "A", 12_500, 2_625, 15_125)]
    [InlineData(500_001, "2024-10-01", "tariff-rd-2024-05-18", "C", 25_000, 5_250, 30_250)]
    // Before 1 October 2024: the legacy bands (E: 1,860.00-3,719.99 = 90.49; F: 3,720.00-12,399.99 = 108.50).
    [InlineData(200_000, "2024-09-30", "tariff-rd-1976-11-30", "E", 9_049, 1_900, 10_949)]
    [InlineData(200_001, "2024-09-30", "tariff-rd-1976-11-30", "E", 9_049, 1_900, 10_949)]
    [InlineData(500_000, "2024-09-30", "tariff-rd-1976-11-30", "F", 10_850, 2_279, 13_129)]
    [InlineData(500_001, "2024-09-30", "tariff-rd-1976-11-30", "F", 10_850, 2_279, 13_129)]
    public void the_cost_of_a_service_depends_on_the_claim_class_and_the_tariff_in_force(
        long claim, string date, string version, string claimClass, long excl, long vat, long total)
    {
        var cost = engine.TariffCost(BailiffAct.ServiceOfContrainte, claim, DateOnly.Parse(date));
        Assert.Equal(version, cost.TariffVersionId);
        Assert.Equal(claimClass, cost.ClaimClass);
        Assert.Equal(excl, cost.ExclVatCents);
        Assert.Equal(vat, cost.VatCents);
        Assert.Equal(total, cost.TotalCents);
    }

    [Theory]
    [InlineData(BailiffAct.SeizureOfMovables)]
    [InlineData(BailiffAct.Garnishment)]
    [InlineData(BailiffAct.RealEstateSeizure)]
    [InlineData(BailiffAct.Report)]
    public void every_graduated_act_uses_the_class_amount(BailiffAct act)
    {
        Assert.Equal(25_000, engine.TariffCost(act, 600_000, new DateOnly(2025, 3, 1)).ExclVatCents);
    }

    [Theory]
    [InlineData("2025-01-10", 5_000, 1_050, 6_050)]
    [InlineData("2024-09-30", 0, 0, 0)] // no file fee before the reform
    public void the_file_fee_is_fixed_and_only_in_the_reformed_tariff(string date, long excl, long vat, long total)
    {
        var cost = engine.TariffCost(BailiffAct.FileFee, 1_000_000, DateOnly.Parse(date));
        Assert.Equal((excl, vat, total), (cost.ExclVatCents, cost.VatCents, cost.TotalCents));
    }

    [Fact]
    public void the_yearly_indexation_factor_comes_from_the_options()
    {
        var options = new LawOptions();
        options.Tariff.IndexationFactors["2025"] = 1.05m;
        var indexed = new LawEngine(options);
        // 175.00 * 1.05 = 183.75; VAT 38.5875 -> 38.59; total 222.34.
        var cost = indexed.TariffCost(BailiffAct.ServiceOfContrainte, 250_000, new DateOnly(2025, 1, 10));
        Assert.Equal((18_375L, 3_859L, 22_234L), (cost.ExclVatCents, cost.VatCents, cost.TotalCents));
        // A later year without its own factor keeps the latest one.
        Assert.Equal(1.05m, indexed.TariffCost(BailiffAct.ServiceOfContrainte, 250_000, new DateOnly(2026, 2, 1)).IndexationFactor);
        // 2024 keeps its own factor.
        Assert.Equal(1.0m, indexed.TariffCost(BailiffAct.ServiceOfContrainte, 250_000, new DateOnly(2024, 11, 1)).IndexationFactor);
    }

    [Fact]
    public void the_cost_carries_its_explanation_in_french_and_dutch()
    {
        var cost = engine.TariffCost(BailiffAct.ServiceOfContrainte, 250_000, new DateOnly(2025, 1, 10));
        Assert.Equal(
            "Signification d'une contrainte avec commandement de payer le 10 janvier 2025, créance 2 500,00 € : tarif tariff-rd-2024-05-18, " +
            "classe B (2 000,01 € à 5 000,00 €), base 175,00 € × indexation 1,0000 = 175,00 € hors TVA ; TVA 21 % 36,75 € ; total 211,75 €.",
            cost.French);
        Assert.Equal(
            "Betekening van een dwangbevel met bevel tot betaling op 10 januari 2025, schuldvordering € 2.500,00: tarief tariff-rd-2024-05-18, " +
            "klasse B (€ 2.000,01 tot € 5.000,00), basis € 175,00 × indexering 1,0000 = € 175,00 excl. btw; btw 21 % € 36,75; totaal € 211,75.",
            cost.Dutch);
    }
}
