using System.Text.Json;

namespace P4Orleans.Law.Tests;

public sealed class CliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = LawCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void deadline_prints_the_date_and_both_sentences()
    {
        var (code, output, _) = Run("deadline", "--event", "service", "--date", "2025-06-30", "--residence", "BE");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("Date: 2025-09-15 (lastDay)", lines[0]);
        Assert.StartsWith("FR: Délai d'opposition : signification le 30 juin 2025", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("NL: Verzettermijn: betekening op 30 juni 2025", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void deadline_as_json_gives_the_structured_explanation()
    {
        var (code, output, _) = Run("deadline", "--event", "service", "--date", "2025-06-30", "--residence", "FR", "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("2025-09-15", root.GetProperty("date").GetString());
        Assert.Equal("neighbouringOrGreatBritain", root.GetProperty("residenceGroup").GetString());
        var explanation = root.GetProperty("explanation");
        Assert.Equal("opposition-one-month-2019", explanation.GetProperty("ruleVersionId").GetString());
        Assert.Equal(
            ["firstDay", "countMonths", "abroadExtension", "vacationExtension"],
            explanation.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("kind").GetString()));
        Assert.StartsWith("Délai d'opposition", explanation.GetProperty("french").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void deadline_for_the_command_to_pay_gives_the_utc_instant()
    {
        var (code, output, _) = Run("deadline", "--event", "service", "--date", "2025-06-30", "--window", "command", "--json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("2025-07-02", json.RootElement.GetProperty("date").GetString());
        Assert.Equal(new DateTimeOffset(2025, 7, 1, 22, 0, 0, TimeSpan.Zero), json.RootElement.GetProperty("instantUtc").GetDateTimeOffset());

        var text = Run("deadline", "--date", "2025-06-30", "--window", "command");
        Assert.Contains("Date: 2025-07-02 (executableFrom, instant 2025-07-01T22:00:00Z)", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void deadline_for_the_notice_window_gives_the_first_day_a_contrainte_may_be_issued()
    {
        var (code, output, _) = Run("deadline", "--event", "registered", "--date", "2025-03-03", "--window", "notice");
        Assert.Equal(0, code);
        Assert.StartsWith("Date: 2025-04-08 (contrainteMayBeIssuedFrom)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void tariff_prints_the_amounts_and_as_json_the_cents()
    {
        var (code, output, _) = Run("tariff", "--act", "service", "--claim", "2500.00", "--date", "2025-01-10");
        Assert.Equal(0, code);
        Assert.Contains("Excl. VAT: 175.00 EUR, VAT: 36.75 EUR, total: 211.75 EUR", output, StringComparison.Ordinal);

        var json = Run("tariff", "--act", "service", "--claim", "2500.00", "--date", "2025-01-10", "--json");
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal(21_175, document.RootElement.GetProperty("totalCents").GetInt64());
        Assert.Equal("B", document.RootElement.GetProperty("claimClass").GetString());
        Assert.Equal("serviceOfContrainte", document.RootElement.GetProperty("act").GetString());
    }

    [Theory]
    [InlineData("85.07.30-033.28", null, 0, "Valid NISS: 85.07.30-033.28 (born 1985-07-30, sex male)")]
    [InlineData("0123456749", "kbo", 0, "Valid KBO: 0123.456.749")]
    [InlineData("BE68 5390 0754 7034", "iban", 0, "Valid IBAN: BE68 5390 0754 7034")]
    [InlineData("85.07.30-033.29", "niss", 1, "Invalid NISS: check 'checksum' failed")]
    [InlineData("BE41 5390 0754 7035", null, 1, "Invalid IBAN: check 'nationalChecksum' failed")]
    public void check_id_says_which_check_failed(string value, string? kind, int expectedCode, string expected)
    {
        var args = kind is null ? new[] { "check-id", value } : ["check-id", value, "--kind", kind];
        var (code, output, _) = Run(args);
        Assert.Equal(expectedCode, code);
        Assert.StartsWith(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public void check_id_as_json_gives_the_failed_check()
    {
        var (code, output, _) = Run("check-id", "0123.456.748", "--json");
        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("isValid").GetBoolean());
        Assert.Equal("checksum", json.RootElement.GetProperty("failedCheck").GetString());
    }

    [Theory]
    [InlineData("4700", "BE", "Arrondissement: eupen (Eupen / Eupen)")]
    [InlineData("1934", "BE", "Manual decision needed: non-geographic-postal-code")]
    [InlineData("75001", "FR", "Manual decision needed: foreign-address")]
    public void arrondissement_prints_the_arrondissement_or_the_reason_for_a_manual_decision(string postal, string country, string expected)
    {
        var (code, output, _) = Run("arrondissement", "--postal", postal, "--country", country);
        Assert.Equal(0, code);
        Assert.StartsWith(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public void seizable_prints_the_seizable_part()
    {
        var (code, output, _) = Run("seizable", "--income", "2000.00", "--children", "1", "--date", "2026-03-01");
        Assert.Equal(0, code);
        Assert.StartsWith("Seizable: 204.20 EUR of 2000.00 EUR (protected 1795.80 EUR), scale art-1409-2026", output, StringComparison.Ordinal);

        var json = Run("seizable", "--income", "1700", "--children", "0", "--date", "2026-03-01", "--type", "replacement", "--json");
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal(9_140, document.RootElement.GetProperty("seizableCents").GetInt64());
    }

    [Fact]
    public void prescription_accepts_interruptions_and_suspensions()
    {
        var (code, output, _) = Run("prescription", "--due", "2022-04-30", "--suspension", "2023-01-10:2023-03-10");
        Assert.Equal(0, code);
        Assert.StartsWith("Expires on: 2025-06-29", output, StringComparison.Ordinal);

        var interrupted = Run("prescription", "--due", "2022-04-30", "--interruption", "2024-03-15:seizure", "--json");
        using var document = JsonDocument.Parse(interrupted.Out);
        Assert.Equal("2027-03-15", document.RootElement.GetProperty("expiresOn").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("frobnicate")]
    [InlineData("deadline --event service")]                       // missing --date
    [InlineData("deadline --date 30/06/2025")]                     // malformed date
    [InlineData("deadline --date 2025-06-30 --window appeal")]
    [InlineData("deadline --date 2025-06-30 --window notice --event service")]
    [InlineData("deadline --date 2025-06-30 --colour red")]
    [InlineData("tariff --act service --claim lots --date 2025-01-10")]
    [InlineData("tariff --act dance --claim 10 --date 2025-01-10")]
    [InlineData("check-id")]
    [InlineData("seizable --income 1700 --children two --date 2026-03-01")]
    [InlineData("seizable --income 1700 --children -1 --date 2026-03-01")]
    [InlineData("tariff --act service --date 2025-01-10")]                   // missing --claim
    [InlineData("deadline --date 2025-06-30 --date 2025-07-01")]            // a single option given twice
    [InlineData("deadline --date 2025-06-30 --json extra")]
    [InlineData("check-id 0123456749 0123456749")]
    [InlineData("check-id 0123456749 --kind passport")]
    [InlineData("arrondissement --postal 4700 --person robot")]
    [InlineData("prescription --due 2022-04-30 --interruption 2024-03-15")]
    [InlineData("prescription --due 2022-04-30 --interruption 2024-03-15:shouting")]
    [InlineData("prescription --due 2022-04-30 --suspension 2023-01-10")]
    [InlineData("prescription --due 2022-04-30 --suspension 2023-01-10:later")]
    [InlineData("prescription --fraud")]                                    // missing --due
    public void bad_usage_exits_with_code_2_and_says_why_on_stderr(string commandLine)
    {
        var (code, output, error) = Run(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void an_invalid_country_code_is_invalid_input()
    {
        var (code, _, error) = Run("deadline", "--date", "2025-06-30", "--residence", "Belgium");
        Assert.Equal(1, code);
        Assert.Contains("two-letter", error, StringComparison.Ordinal);
    }

    [Fact]
    public void help_lists_every_command()
    {
        var (code, output, _) = Run("help");
        Assert.Equal(0, code);
        foreach (var command in new[] { "deadline", "tariff", "check-id", "arrondissement", "seizable", "prescription" })
        {
            Assert.Contains(command, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("deadline", "--event", "--window", "--residence")]
    [InlineData("tariff", "--act", "--claim", "--date")]
    [InlineData("check-id", "--kind", "value", "--json")]
    [InlineData("arrondissement", "--postal", "--country", "--person")]
    [InlineData("seizable", "--income", "--children", "--type")]
    [InlineData("prescription", "--due", "--interruption", "--suspension", "--fraud")]
    public void every_command_has_a_help_page_naming_its_options(string command, params string[] expected)
    {
        foreach (var help in new[] { "--help", "-h" })
        {
            var (code, output, error) = Run(command, help);
            Assert.Equal(0, code);
            Assert.Equal(string.Empty, error);
            foreach (var name in expected)
            {
                Assert.Contains(name, output, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void help_and_dash_dash_help_print_the_same_page()
    {
        Assert.Equal(Run("--help"), Run("help"));
        Assert.Contains("Exit codes: 0 success, 1 invalid input, 2 bad usage.", Run("help").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_usage_error_names_the_problem_and_where_the_help_is()
    {
        var (code, output, error) = Run("tariff", "--act", "dance", "--claim", "10", "--date", "2025-01-10");
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("error: --act 'dance' is not one of: service, seizure-movables", error, StringComparison.Ordinal);
        Assert.Contains("Run 'law --help' for usage.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void an_unknown_option_is_named_on_stderr()
    {
        var (code, output, error) = Run("deadline", "--date", "2025-06-30", "--colour", "red");
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("--colour", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dead", "deadline")]
    [InlineData("pre", "prescription")]
    [InlineData("check", "check-id")]
    public void the_suggest_directive_completes_a_command_name(string typed, string expected)
    {
        var (code, output, _) = Run("[suggest]", typed);
        Assert.Equal(0, code);
        Assert.Contains(expected, output.Split('\n', StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void the_suggest_directive_completes_the_choices_of_an_option()
    {
        // As a shell's completion script calls it: the position of the cursor, then the whole line as one argument.
        var (code, output, _) = Run("[suggest:15]", "tariff --act se");
        Assert.Equal(0, code);
        var suggestions = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("service", suggestions);
        Assert.Contains("seizure-movables", suggestions);
        Assert.DoesNotContain("garnishment", suggestions);
    }

    [Fact]
    public void options_take_their_value_after_an_equals_sign_too()
    {
        var (code, output, _) = Run("tariff", "--act=service", "--claim=2500.00", "--date=2025-01-10");
        Assert.Equal(0, code);
        Assert.Contains("total: 211.75 EUR", output, StringComparison.Ordinal);
    }

    [Fact]
    public void choices_are_case_insensitive()
    {
        var (code, output, _) = Run("tariff", "--act", "SERVICE", "--claim", "2500.00", "--date", "2025-01-10");
        Assert.Equal(0, code);
        Assert.Contains("total: 211.75 EUR", output, StringComparison.Ordinal);
    }
}
