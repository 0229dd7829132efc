namespace P4Orleans.Api.Tests.Hosting;

/// <summary>A bad configuration value stops the real gateway's start with a message naming its key; nothing half-starts.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Silo:SiloPort", "0", "Silo:SiloPort")]
    [InlineData("Silo:GatewayPort", "70000", "Silo:GatewayPort")]
    [InlineData("Silo:CatchUpPeriod", "-00:00:30", "Silo:CatchUpPeriod")]
    [InlineData("Silo:CatchUpConcurrency", "0", "Silo:CatchUpConcurrency")]
    [InlineData("Silo:ReminderPeriod", "00:00:00.5", "Silo:ReminderPeriod")]
    [InlineData("Silo:ClusterId", "", "Silo:ClusterId")]
    [InlineData("Silo:Membership:NumVotesForDeathDeclaration", "0", "Silo:Membership:NumVotesForDeathDeclaration")]
    [InlineData("Silo:Membership:ProbeTimeout", "00:00:00", "Silo:Membership:ProbeTimeout")]
    [InlineData("Intake:MaxLines", "-1", "Intake:MaxLines")]
    [InlineData("Dispatch:Concurrency", "0", "Dispatch:Concurrency")]
    [InlineData("Vault:CacheFor", "-00:00:01", "Vault:CacheFor")]
    [InlineData("Dossier:ServiceDeadlineDays", "-1", "Dossier:ServiceDeadlineDays")]
    [InlineData("Authentication:Session:IdleTimeout", "00:00:00", "Authentication:Session:IdleTimeout")]
    [InlineData("Https:HstsMaxAge", "-1.00:00:00", "Https:HstsMaxAge")]
    [InlineData("Telemetry:ManagementPort", "70000", "Telemetry:ManagementPort")]
    [InlineData("Shutdown:Timeout", "00:00:00", "Shutdown:Timeout")]
    [InlineData("Auth:Audience", "", "Auth:Audience")]
    [InlineData("Auth:DevelopmentIssuer:Lifetime", "00:00:10", "Auth:DevelopmentIssuer:Lifetime")]
    public async Task a_bad_value_stops_the_start_naming_its_key(string key, string value, string named)
    {
        await using var api = new ApiFactory { ConfigureHost = b => b.UseSetting(key, value) };
        await api.InitializeAsync();
        var error = Assert.ThrowsAny<Exception>(() => api.CreateClient());
        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains(named, messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task rules_across_fields_are_checked_too()
    {
        await using var api = new ApiFactory
        {
            ConfigureHost = b => b.UseSetting("Silo:GatewayPort", "40123").UseSetting("Silo:SiloPort", "40123"),
        };
        await api.InitializeAsync();
        var error = Assert.ThrowsAny<Exception>(() => api.CreateClient());
        Assert.Contains("SiloPort and GatewayPort are both 40123", string.Join(" | ", Chain(error).Select(e => e.Message)), StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    yield return inner;
                }
            }
        }
    }
}
