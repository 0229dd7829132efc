namespace P4Orleans.Law.Tests;

public sealed class IdentifierTests
{
    // Hand calculations (national register number):
    // 850730033: 97 * 8770412 = 850729964, 850730033 - 850729964 = 69, 97 - 69 = 28 -> 85073003328.
    // 2010203004 (born 2001, "2" prefixed): 97 * 20723742 = 2010202974, rest 30, 97 - 30 = 67 -> 01020300467.
    // 854730034 (BIS +40): 97 * 8811649 = 854729953, rest 81, 97 - 81 = 16 -> 85473003416.
    // 852730035 (BIS +20): 97 * 8791031 = 852730007, rest 28, 97 - 28 = 69 -> 85273003569.
    // 850000033 (month and day unknown): 97 * 8762886 = 849999942, rest 91, 97 - 91 = 06 -> 85000003306.
    // 2000101001 (born 2000-01-01, "2" prefixed): 97 * 20619597 = 2000100909, rest 92, 97 - 92 = 05 -> 00010100105.
    [Theory]
    [InlineData("85.07.30-033.28", "85.07.30-033.28", "1985-07-30", Sex.Male, false)]
    [InlineData("85073003328", "85.07.30-033.28", "1985-07-30", Sex.Male, false)]
    [InlineData("85 07 30 033 28", "85.07.30-033.28", "1985-07-30", Sex.Male, false)]
    [InlineData("01.02.03-004.67", "01.02.03-004.67", "2001-02-03", Sex.Female, false)]
    [InlineData("00.01.01-001.05", "00.01.01-001.05", "2000-01-01", Sex.Male, false)]
    [InlineData("85.47.30-034.16", "85.47.30-034.16", "1985-07-30", Sex.Female, true)]
    [InlineData("85.27.30-035.69", "85.27.30-035.69", "1985-07-30", Sex.Unknown, true)]
    public void a_valid_national_register_number_gives_birth_date_and_sex(string input, string formatted, string birth, Sex sex, bool bis)
    {
        var result = NationalRegisterNumber.Validate(input);
        Assert.True(result.IsValid, result.Error);
        Assert.Equal(formatted, result.Formatted);
        Assert.Equal(DateOnly.Parse(birth), result.Person!.BirthDate);
        Assert.Equal(sex, result.Person.Sex);
        Assert.Equal(bis, result.Person.IsBis);
    }

    [Fact]
    public void a_national_register_number_may_have_an_unknown_month_and_day()
    {
        var result = NationalRegisterNumber.Validate("85.00.00-033.06");
        Assert.True(result.IsValid, result.Error);
        Assert.Equal(1985, result.Person!.BirthYear);
        Assert.Null(result.Person.BirthMonth);
        Assert.Null(result.Person.BirthDate);
    }

    [Theory]
    [InlineData("", IdentifierChecks.Empty)]
    [InlineData("85.07.30-033.2A", IdentifierChecks.Characters)]
    [InlineData("8507300332", IdentifierChecks.Length)]
    [InlineData("850730033281", IdentifierChecks.Length)]
    [InlineData("85.13.30-033.28", IdentifierChecks.Month)]
    [InlineData("85.33.30-033.28", IdentifierChecks.Month)]
    [InlineData("85.07.32-033.28", IdentifierChecks.Day)]
    [InlineData("85.07.30-033.29", IdentifierChecks.Checksum)]
    [InlineData("01.02.03-004.68", IdentifierChecks.Checksum)]
    // 850230031: 97 * 8765258 = 850230026, rest 5, 97 - 5 = 92: the checksum is right but 30 February does not exist.
    [InlineData("85.02.30-031.92", IdentifierChecks.Date)]
    public void an_invalid_national_register_number_names_the_failed_check(string input, string check)
    {
        var result = NationalRegisterNumber.Validate(input);
        Assert.False(result.IsValid);
        Assert.Equal(check, result.FailedCheck);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    [Fact]
    public void a_wrong_checksum_message_gives_both_expected_values()
    {
        var result = NationalRegisterNumber.Validate("85.07.30-033.29");
        Assert.Contains("expected 28", result.Error, StringComparison.Ordinal);
    }

    // Hand calculations (enterprise number):
    // 01234567: 97 * 12727 = 1234519, rest 48, 97 - 48 = 49 -> 0123.456.749.
    // 12345674: 97 * 127274 = 12345578, rest 96, 97 - 96 = 01 -> 1234.567.401.
    [Theory]
    [InlineData("0123.456.749", "0123.456.749")]
    [InlineData("0123456749", "0123.456.749")]
    [InlineData("123456749", "0123.456.749")]     // old 9-digit form
    [InlineData("123.456.749", "0123.456.749")]
    [InlineData("BE 0123.456.749", "0123.456.749")]
    [InlineData("1234.567.401", "1234.567.401")]
    public void a_valid_enterprise_number_is_formatted_for_display(string input, string formatted)
    {
        var result = EnterpriseNumber.Validate(input);
        Assert.True(result.IsValid, result.Error);
        Assert.Equal(formatted, result.Formatted);
    }

    [Theory]
    [InlineData("0123.456.748", IdentifierChecks.Checksum)]
    [InlineData("2123.456.749", IdentifierChecks.FirstDigit)]
    [InlineData("01234567", IdentifierChecks.Length)]
    [InlineData("0123.456.7x9", IdentifierChecks.Characters)]
    [InlineData(" ", IdentifierChecks.Empty)]
    public void an_invalid_enterprise_number_names_the_failed_check(string input, string check)
    {
        var result = EnterpriseNumber.Validate(input);
        Assert.False(result.IsValid);
        Assert.Equal(check, result.FailedCheck);
    }

    // Hand calculations (IBAN):
    // BE68 5390 0754 7034: national 5390075470 = 97 * 55567788 + 34 -> 34 matches the last two digits;
    //   ISO: 539007547034 111468 mod 97 = 1.
    // BE54 0000 0000 9797: 0000000097 mod 97 = 0, which becomes 97 -> last two digits 97.
    // BE41 5390 0754 7035: ISO check digits computed for the wrong BBAN (98 - 539007547035111400 mod 97 = 41),
    //   so only the national check (expects 34) fails.
    [Theory]
    [InlineData("BE68 5390 0754 7034", "BE68 5390 0754 7034")]
    [InlineData("be68539007547034", "BE68 5390 0754 7034")]
    [InlineData("BE68-5390-0754-7034", "BE68 5390 0754 7034")]
    [InlineData("BE54 0000 0000 9797", "BE54 0000 0000 9797")]
    public void a_valid_belgian_iban_is_formatted_in_groups_of_four(string input, string formatted)
    {
        var result = BelgianIban.Validate(input);
        Assert.True(result.IsValid, result.Error);
        Assert.Equal(formatted, result.Formatted);
    }

    [Theory]
    [InlineData("BE69 5390 0754 7034", IdentifierChecks.IbanChecksum)]
    [InlineData("BE41 5390 0754 7035", IdentifierChecks.NationalChecksum)]
    [InlineData("NL91 ABNA 0417 1643 00", IdentifierChecks.Country)]
    [InlineData("BE68 5390 0754 703", IdentifierChecks.Length)]
    [InlineData("BE68 5390 0754 703A", IdentifierChecks.Characters)]
    [InlineData("BE68 5390 0754 7034!", IdentifierChecks.Characters)]
    public void an_invalid_iban_names_the_failed_check(string input, string check)
    {
        var result = BelgianIban.Validate(input);
        Assert.False(result.IsValid);
        Assert.Equal(check, result.FailedCheck);
    }

    [Theory]
    [InlineData("85.07.30-033.28", IdentifierKind.Niss)]
    [InlineData("0123.456.749", IdentifierKind.Kbo)]
    [InlineData("123456749", IdentifierKind.Kbo)]
    [InlineData("BE0123456749", IdentifierKind.Kbo)]
    [InlineData("BE68 5390 0754 7034", IdentifierKind.Iban)]
    [InlineData("BE10 0000 0000 0404", IdentifierKind.Iban)]
    public void the_kind_of_an_identifier_is_guessed_from_its_shape(string input, IdentifierKind kind)
    {
        Assert.Equal(kind, Identifiers.GuessKind(input));
    }
}
