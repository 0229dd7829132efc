using System.Globalization;
using System.Net;
using P4Orleans.Api.Security;
using P4Orleans.Testing;

namespace P4Orleans.Api.Tests.Telemetry;

/// <summary>With <c>Telemetry:ManagementPort</c>, the scrape is served there alone, without authentication, and no longer on the gateway's port.</summary>
public sealed class ManagementPortTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task the_management_port_serves_the_scrape_without_credentials_and_nothing_else()
    {
        var main = FreePorts.Next();
        var management = FreePorts.Next();
        await using var factory = new ApiFactory
        {
            ConfigureHost = b => b
                .UseSetting("urls", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{main}"))
                .UseSetting("Telemetry:ManagementPort", management.ToString(CultureInfo.InvariantCulture)),
        };
        await factory.InitializeAsync();
        factory.UseKestrel();
        factory.StartServer();
        var ops = await factory.UserAsync(Roles.Ops);
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{management}") };
        using var gateway = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{main}") };

        var scrape = await scraper.GetAsync("/ops/metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Contains("# TYPE", await scrape.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        // Nothing of the API answers on the management port, not even with a token.
        using var tokenOnManagement = new HttpClient { BaseAddress = scraper.BaseAddress }.WithTokenFor(factory.Services, ops.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await tokenOnManagement.GetAsync("/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scraper.GetAsync("/ops/dashboard/", Ct)).StatusCode);

        // The gateway's port still serves the API, and no longer the scrape (even to ops).
        using var opsOnGateway = new HttpClient { BaseAddress = gateway.BaseAddress }.WithTokenFor(factory.Services, ops.Id);
        Assert.Equal(HttpStatusCode.OK, (await opsOnGateway.GetAsync("/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await opsOnGateway.GetAsync("/ops/metrics", Ct)).StatusCode);
    }
}
