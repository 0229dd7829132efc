using P4Orleans.Api.WebConsole;
using P4Orleans.Contracts;

namespace P4Orleans.Api.Tests.Console;

/// <summary>Amounts typed in euros in the console's forms (fr-BE, nl-BE) into integer cents, and what is refused.</summary>
public sealed class EuroInputTests
{
    [Theory]
    [InlineData("1234,56", 123_456)]
    [InlineData("1234.56", 123_456)]
    [InlineData("1 234,56", 123_456)]
    [InlineData("1\u00A0234,56", 123_456)]
    [InlineData("1\u202F234,56", 123_456)]
    [InlineData("1.234,56", 123_456)]
    [InlineData("1 234.56", 123_456)]
    [InlineData("12 345 678,90", 1_234_567_890)]
    [InlineData("1.234.567,89", 123_456_789)]
    [InlineData("  12,5  ", 1_250)]
    [InlineData("0,05", 5)]
    [InlineData("7", 700)]
    [InlineData("0", 0)]
    [InlineData("0,00", 0)]
    [InlineData("12,50 €", 1_250)]
    [InlineData("€ 12,50", 1_250)]
    [InlineData("1000000000,00", InputLimits.MaxCents)]
    [InlineData("1 000 000 000", InputLimits.MaxCents)]
    public void an_amount_written_the_belgian_way_or_with_a_point_is_read_as_integer_cents(string typed, long cents)
    {
        Assert.True(EuroInput.TryParse(typed, out var read, out var error), $"{typed}: {error}");
        Assert.Equal(cents, read);
        Assert.Equal(EuroInputError.None, error);
    }

    [Theory]
    [InlineData(null, EuroInputError.Missing)]
    [InlineData("", EuroInputError.Missing)]
    [InlineData("   ", EuroInputError.Missing)]
    [InlineData("€", EuroInputError.Missing)]
    [InlineData("12,345", EuroInputError.TooManyDecimals)]
    [InlineData("12.345", EuroInputError.TooManyDecimals)]
    [InlineData("1.234", EuroInputError.TooManyDecimals)]
    [InlineData("0,001", EuroInputError.TooManyDecimals)]
    [InlineData("-5,00", EuroInputError.Negative)]
    [InlineData("\u22125,00", EuroInputError.Negative)]
    [InlineData("- 5", EuroInputError.Negative)]
    [InlineData("+5", EuroInputError.Malformed)]
    [InlineData("5-", EuroInputError.Malformed)]
    [InlineData("abc", EuroInputError.Malformed)]
    [InlineData("1e3", EuroInputError.Malformed)]
    [InlineData("12,", EuroInputError.Malformed)]
    [InlineData(",50", EuroInputError.Malformed)]
    [InlineData("1,234.56", EuroInputError.Malformed)]
    [InlineData("1,2,3", EuroInputError.Malformed)]
    [InlineData("1.234.567", EuroInputError.Malformed)]
    [InlineData("12 34,56", EuroInputError.Malformed)]
    [InlineData("1234 567,00", EuroInputError.Malformed)]
    [InlineData("1  234", EuroInputError.Malformed)]
    [InlineData("1.234.56", EuroInputError.Malformed)]
    [InlineData("١٢٣", EuroInputError.Malformed)]
    [InlineData("12,5a", EuroInputError.Malformed)]
    [InlineData("1000000000,01", EuroInputError.TooLarge)]
    [InlineData("99999999999999999999999", EuroInputError.TooLarge)]
    public void an_amount_that_is_missing_malformed_negative_too_precise_or_too_large_is_refused_with_its_reason(string? typed, EuroInputError expected)
    {
        Assert.False(EuroInput.TryParse(typed, out var read, out var error));
        Assert.Equal(expected, error);
        Assert.Equal(0, read);
    }
}
