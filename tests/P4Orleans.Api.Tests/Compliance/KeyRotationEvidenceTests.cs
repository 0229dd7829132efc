using System.Net;
using System.Net.Http.Json;
using P4Orleans.Api.Cli;
using P4Orleans.Api.Tests.Dossiers;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Compliance;

/// <summary>A master key rotation made on the host (<c>keys rotate</c>) is audited, and the yearly report counts it.</summary>
public sealed class KeyRotationEvidenceTests : IAsyncLifetime
{
    private readonly Scenario _s = new();
    private readonly string _keys = Path.Combine(Path.GetTempPath(), "p4o-rot-" + Guid.NewGuid().ToString("N")[..8], "keys.json");

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        await _s.DisposeAsync();
        TestUsers.DeleteFolder(Path.GetDirectoryName(_keys)!);
    }

    [Fact]
    public async Task each_rotation_on_the_host_is_in_the_audit_log_and_the_yearly_report_counts_them()
    {
        var coordinator = await _s.AuditorAsync();
        var before = await (await coordinator.GetAsync("/security/reports/yearly/2026", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("Master key rotations recorded (`keys rotate`, audited): none in the year.", before, StringComparison.Ordinal);

        var first = await RotateAsync();
        var second = await RotateAsync();
        Assert.Equal(0, first.Code);
        Assert.Equal(0, second.Code);
        Assert.Contains("master key 2 now wraps new data", first.Output, StringComparison.Ordinal);
        Assert.Contains("master key 3 now wraps new data", second.Output, StringComparison.Ordinal);
        Assert.Equal("", first.Error + second.Error);

        var after = await (await coordinator.GetAsync("/security/reports/yearly/2026", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("Master key rotations recorded (`keys rotate`, audited): 2; the newest key of the year: key 3 ", after, StringComparison.Ordinal);
        // The entries are in the chain like any other: it still verifies.
        var verify = await coordinator.GetAsync("/security/audit/verify", Ct);
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        Assert.True((await verify.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("intact").GetBoolean());
        // Another year has none.
        var lastYear = await (await coordinator.GetAsync("/security/reports/yearly/2025", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("Master key rotations recorded (`keys rotate`, audited): none in the year.", lastYear, StringComparison.Ordinal);
    }

    [Fact]
    public async Task keys_given_by_configuration_are_not_rotated_by_the_command_and_nothing_is_recorded()
    {
        Assert.Equal(0, (await RotateAsync()).Code);
        var keysJson = await File.ReadAllTextAsync(_keys, Ct);
        var refused = await RotateAsync(keysJson);
        Assert.Equal(1, refused.Code);
        Assert.Equal("", refused.Output);
        Assert.Contains("Keys:Json", refused.Error, StringComparison.Ordinal);
        var report = await (await (await _s.AuditorAsync()).GetAsync("/security/reports/yearly/2026", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("Master key rotations recorded (`keys rotate`, audited): 1; the newest key of the year: key 2 ", report, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output, string Error)> RotateAsync(string? keysJson = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = _s.Api.ConnectionString,
            ["Keys:File"] = _keys,
            ["Keys:Json"] = keysJson,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var code = await PlatformCli.RunAsync(["keys", "rotate"], new CliIo(output, error, settings, "Testing"));
        return (code, output.ToString(), error.ToString());
    }
}
