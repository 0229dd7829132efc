using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Api.Cli;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.Tests.Rights;

/// <summary>The command line on the gateway's database and key file, run in-process with its output captured.</summary>
public sealed partial class CliTokenTests : IAsyncLifetime
{
    private readonly string _issuerKey = Path.Combine(Path.GetTempPath(), "p4o-cli-" + Guid.NewGuid().ToString("N")[..8] + ".key");
    private readonly ApiFactory _api;

    public CliTokenTests()
    {
        _api = new ApiFactory { ConfigureHost = host => host.UseSetting("Auth:DevelopmentIssuer:KeyFile", _issuerKey) };
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _api.InitializeAsync();
        // The gateway writes the issuer's key file first, as a local run does.
        _ = _api.Services.GetRequiredService<DevelopmentIssuer>();
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        File.Delete(_issuerKey);
        // The command line's key ring beside it (test keys, still not to be left behind).
        File.Delete(_issuerKey + ".keys.json");
    }

    [Fact]
    public async Task token_prints_only_the_token_on_standard_output_and_the_token_works()
    {
        var (code, added, _) = await RunAsync("users", "add", "--nrn", _api.NextNationalNumber(), "--name", "Local Admin", "--org-kind", "Concessionaire",
            "--org", "concessionaire", "--roles", "UserRegistrar,Operator,SecurityCoordinator,Ops");
        Assert.Equal(0, code);
        var id = added.Split('\t')[0];

        var (tokenCode, output, error) = await RunAsync("token", "--user", id);

        Assert.Equal(0, tokenCode);
        Assert.Equal("", error);
        Assert.Matches(Jwt(), output);
        var client = _api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", output.TrimEnd('\n'));
        var me = await client.GetFromJsonAsync<JsonElement>("/me", Ct);
        Assert.Equal(id, me.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("token", "--user", "00000000-0000-0000-0000-000000000001")]
    [InlineData("token", "--user", "not-a-guid")]
    [InlineData("token")]
    [InlineData("users", "add", "--nrn", "85073003328", "--name", "X", "--org-kind", "BailiffOffice", "--org", "o", "--roles", "Bailiff,OnssAgent")]
    [InlineData("users", "status", "00000000-0000-0000-0000-000000000001", "Suspended")]
    public async Task a_failed_command_writes_nothing_on_standard_output_and_says_why_on_standard_error(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);
        Assert.NotEqual(0, code);
        Assert.Equal("", output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task token_is_refused_in_production()
    {
        var (code, output, error) = await RunAsync(["token", "--user", Guid.NewGuid().ToString()], "Production");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("development issuer", error, StringComparison.Ordinal);
    }

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => RunAsync(args, "Development");

    private async Task<(int Code, string Output, string Error)> RunAsync(string[] args, string environment)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = _api.ConnectionString,
            ["Keys:File"] = _issuerKey + ".keys.json",
            ["Auth:DevelopmentIssuer:Enabled"] = "true",
            ["Auth:DevelopmentIssuer:KeyFile"] = _issuerKey,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var code = await PlatformCli.RunAsync(args, new CliIo(output, error, settings, environment));
        return (code, output.ToString(), error.ToString());
    }

    [GeneratedRegex(@"\A[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n\z")]
    private static partial Regex Jwt();
}
