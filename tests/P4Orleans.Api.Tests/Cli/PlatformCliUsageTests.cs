using P4Orleans.Api.Cli;

namespace P4Orleans.Api.Tests.Cli;

/// <summary>The gateway's command line without a database: help, usage errors and completion never start the host.</summary>
public sealed class PlatformCliUsageTests
{
    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        await using var output = new StringWriter();
        await using var error = new StringWriter();
        var code = await PlatformCli.RunAsync(args, new CliIo(output, error, EnvironmentName: "Development"));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task help_lists_every_command()
    {
        foreach (var help in new[] { "help", "--help", "-h" })
        {
            var (code, output, error) = await RunAsync(help);
            Assert.Equal(0, code);
            Assert.Equal("", error);
            foreach (var command in new[] { "law", "migrate", "users", "token", "audit", "keys" })
            {
                Assert.Contains(command, output, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("users add", "--nrn", "--name", "--org-kind", "--org", "--roles")]
    [InlineData("users status", "user id", "status")]
    [InlineData("users roles", "user id", "roles")]
    [InlineData("token", "--user")]
    [InlineData("audit verify", "exit 3")]
    [InlineData("keys rotate", "master key")]
    [InlineData("law deadline", "--event", "--date", "--window")]
    [InlineData("law seizable", "--income", "--children")]
    public async Task every_command_has_a_help_page(string command, params string[] expected)
    {
        var (code, output, error) = await RunAsync([.. command.Split(' '), "--help"]);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        foreach (var text in expected)
        {
            Assert.Contains(text, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("users")]                                                    // a group without its subcommand
    [InlineData("users frobnicate")]
    [InlineData("users add --nrn 85073003328 --name X --org o --roles Operator")] // missing --org-kind
    [InlineData("users add --nrn 85073003328 --name X --org-kind Bank --org o --roles Operator")]
    [InlineData("users status not-a-guid Suspended")]
    [InlineData("users status 00000000-0000-0000-0000-000000000001 Asleep")]
    [InlineData("users status 00000000-0000-0000-0000-000000000001")]
    [InlineData("token")]
    [InlineData("token --user not-a-guid")]
    [InlineData("audit")]
    [InlineData("keys rotate now")]
    [InlineData("migrate --force")]
    [InlineData("law deadline --date 30/06/2025")]
    public async Task a_usage_error_exits_with_2_says_why_on_standard_error_and_writes_nothing_on_standard_output(string commandLine)
    {
        var (code, output, error) = await RunAsync(commandLine.Split(' '));
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains("Run 'P4Orleans.Api --help' for usage.", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[suggest]", "mig", "migrate")]
    [InlineData("[suggest]", "tok", "token")]
    [InlineData("[suggest:6]", "users ", "add")]
    [InlineData("[suggest:9]", "law dead", "deadline")]
    [InlineData("[suggest:28]", "users add --org-kind Bailiff", "BailiffOffice")]
    public async Task the_suggest_directive_completes_commands_and_choices(string directive, string line, string expected)
    {
        var (code, output, _) = await RunAsync(directive, line);
        Assert.Equal(0, code);
        Assert.Contains(expected, output.Split('\n', StringSplitOptions.TrimEntries));
    }

    [Theory]
    [InlineData("users")]
    [InlineData("law")]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("[suggest]")]
    public void the_program_hands_commands_help_and_completion_to_the_command_line(string first)
    {
        Assert.True(PlatformCli.Handles([first]));
    }

    [Theory]
    [InlineData("--urls")]
    [InlineData("--environment")]
    public void anything_else_starts_the_gateway(string first)
    {
        Assert.False(PlatformCli.Handles([first, "x"]));
        Assert.False(PlatformCli.Handles([]));
    }
}
