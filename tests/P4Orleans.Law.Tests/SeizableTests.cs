namespace P4Orleans.Law.Tests;

public sealed class SeizableTests
{
    private readonly LawEngine engine = new();

    [Theory]
    // 2026 scale: nothing to 1,419; 20% to 1,524; 30% to 1,682; 40% to 1,839; all above; 88 per child.
    [InlineData(140_000, 0, IncomeType.Work, 0)]
    [InlineData(141_900, 0, IncomeType.Work, 0)]
    [InlineData(150_000, 0, IncomeType.Work, 1_620)]        // 20% of 81.00
    [InlineData(170_000, 0, IncomeType.Work, 7_560)]        // 21.00 + 47.40 + 7.20
    [InlineData(170_000, 1, IncomeType.Work, 0)]            // 75.60 - 88.00, never below zero
    [InlineData(200_000, 0, IncomeType.Work, 29_220)]       // 21.00 + 47.40 + 62.80 + 161.00
    [InlineData(200_000, 1, IncomeType.Work, 20_420)]       // 292.20 - 88.00
    [InlineData(200_000, 2, IncomeType.Work, 11_620)]       // 292.20 - 176.00
    [InlineData(170_000, 0, IncomeType.Replacement, 9_140)] // 21.00 + 40% of 176.00 (no 30% band)
    [InlineData(200_000, 0, IncomeType.Replacement, 30_800)] // 21.00 + 126.00 + 161.00
    public void the_seizable_part_of_a_2026_income_follows_the_bands(long income, int children, IncomeType type, long expected)
    {
        var result = engine.Seizable(income, type, children, new DateOnly(2026, 3, 1));
        Assert.Equal("art-1409-2026", result.ScaleId);
        Assert.Equal(expected, result.SeizableCents);
        Assert.Equal(income - expected, result.ProtectedCents);
    }

    [Theory]
    [InlineData("2024-06-01", "art-1409-2024", 0, 10_890)] // 19.80 + 44.70 + 44.40
    [InlineData("2024-06-01", "art-1409-2024", 1, 2_590)]  // minus 83.00
    [InlineData("2023-06-01", "art-1409-2023", 0, 11_940)] // 19.60 + 43.80 + 56.00
    public void earlier_years_use_their_own_scale(string date, string scale, int children, long expected)
    {
        var result = engine.Seizable(170_000, IncomeType.Work, children, DateOnly.Parse(date));
        Assert.Equal(scale, result.ScaleId);
        Assert.Equal(expected, result.SeizableCents);
    }

    [Fact]
    public void the_2025_scale_is_flagged_unverified()
    {
        Assert.False(engine.Seizable(170_000, IncomeType.Work, 0, new DateOnly(2025, 6, 1)).ScaleVerified);
        Assert.True(engine.Seizable(170_000, IncomeType.Work, 0, new DateOnly(2026, 6, 1)).ScaleVerified);
    }

    [Fact]
    public void a_date_before_every_scale_is_refused_rather_than_guessed()
    {
        Assert.Throws<LawRuleException>(() => engine.Seizable(170_000, IncomeType.Work, 0, new DateOnly(2020, 1, 1)));
    }

    [Fact]
    public void the_explanation_lists_each_band_in_french_and_dutch()
    {
        var result = engine.Seizable(170_000, IncomeType.Work, 1, new DateOnly(2026, 3, 1));
        Assert.Contains("20 % de 105,00 € = 21,00 €", result.French, StringComparison.Ordinal);
        Assert.Contains("moins 88,00 €", result.French, StringComparison.Ordinal);
        Assert.Contains("30 % van € 158,00 = € 47,40", result.Dutch, StringComparison.Ordinal);
    }
}
