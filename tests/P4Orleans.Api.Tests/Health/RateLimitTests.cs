using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using P4Orleans.Api.Hosting;
using P4Orleans.Api.Security;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Recovery.Intake;
using Microsoft.Extensions.DependencyInjection;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Health;

/// <summary>Rate limits per caller and audience, from the platform's configuration (small limits here).</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private const int Permits = 2;

    private readonly Scenario _s = new(RateLimiting.Audiences.SelectMany(a => new[]
    {
        KeyValuePair.Create<string, string?>($"RateLimits:{a.Audience}:PermitLimit", Permits.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        // A window longer than any test: its permits are not replenished in the middle of one.
        KeyValuePair.Create<string, string?>($"RateLimits:{a.Audience}:Window", "00:05:00"),
    }).ToDictionary());

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Theory]
    [InlineData(Roles.OnssAgent, "/onss/dossiers?status=Assigned", "/me")]
    [InlineData(Roles.OnssAgent, "/onss/intake-jobs/00000000-0000-0000-0000-000000000001", "/me")]
    [InlineData(Roles.Bailiff, "/bailiff/dossiers?status=Assigned", "/me")]
    [InlineData(Roles.Operator, "/operators/dossiers", "/me")]
    [InlineData(Roles.Operator, "/law/arrondissement?postalCode=4000&country=BE&person=Natural", "/me")]
    [InlineData(Roles.ChamberFeed, "/chamber/offices/office-1/departure", "/me")]
    [InlineData(Roles.Ops, "/ops/nodes", "/me")]
    [InlineData(Roles.Ops, "/ops/health", "/me")]
    [InlineData(Roles.UserRegistrar, "/admin/users?organisationKind=Onss&organisationId=onss", "/me")]
    [InlineData(Roles.SecurityCoordinator, "/security/audit/verify", "/me")]
    [InlineData(Roles.Operator, "/me", "/operators/dossiers")]
    [InlineData(Roles.Operator, "/openapi/v1.json", "/operators/dossiers")]
    public async Task a_caller_over_its_audience_limit_gets_a_429_problem_with_retry_after_and_no_other_caller_or_audience_is_affected(
        string role, string path, string elsewhere)
    {
        var caller = _s.Api.ClientFor(await _s.Api.UserAsync(role));
        for (var i = 0; i < Permits; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await caller.GetAsync(path, Ct)).StatusCode);
        }

        var refused = await caller.GetAsync(path, Ct);
        await AssertTooManyAsync(refused);

        // Another caller of the same audience, and the same caller elsewhere, have windows of their own.
        var other = _s.Api.ClientFor(await _s.Api.UserAsync(role));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await other.GetAsync(path, Ct)).StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await caller.GetAsync(elsewhere, Ct)).StatusCode);
        // The refused caller stays refused for the rest of its window.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await caller.GetAsync(path, Ct)).StatusCode);
    }

    [Fact]
    public async Task the_paths_of_one_audience_share_its_window()
    {
        // Operators and the law engine are one audience: what a caller spends on one is spent for the other.
        var caller = await _s.OperatorAsync();
        for (var i = 0; i < Permits; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await caller.GetAsync("/operators/dossiers", Ct)).StatusCode);
        }
        await AssertTooManyAsync(await caller.GetAsync("/law/arrondissement?postalCode=4000&country=BE&person=Natural", Ct));
    }

    [Fact]
    public async Task a_command_refused_by_the_limiter_writes_nothing()
    {
        var onss = await _s.OnssAsync();
        for (var i = 0; i < Permits; i++)
        {
            await _s.SubmitAsync(onss, Contrainte($"ONSS-LIMIT-{i}"));
        }

        var refused = await onss.PostAsJsonAsync("/onss/dossiers", Contrainte("ONSS-LIMIT-OVER"), Json, Ct);
        await AssertTooManyAsync(refused);
        Assert.Null(await _s.Api.Services.GetRequiredService<IntakeService>().FindByReferenceAsync("ONSS-LIMIT-OVER", Ct));
    }

    [Fact]
    public async Task anonymous_callers_are_limited_by_their_address_and_the_health_probes_never_are()
    {
        var anonymous = _s.Api.CreateClient();
        for (var i = 0; i < Permits; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/me", Ct)).StatusCode);
        }
        await AssertTooManyAsync(await anonymous.GetAsync("/me", Ct));

        // A registered caller from the same address is counted apart.
        var operatorClient = await _s.OperatorAsync();
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync("/me", Ct)).StatusCode);

        // Load balancers poll the probes as often as they like.
        for (var i = 0; i < 10 * Permits; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready", Ct)).StatusCode);
        }
    }

    private static async Task AssertTooManyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var delta = response.Headers.RetryAfter?.Delta;
        Assert.True(delta is { } d && d >= TimeSpan.FromSeconds(1) && d <= TimeSpan.FromMinutes(5), $"Retry-After: {response.Headers.RetryAfter}");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains($"at most {Permits} requests", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
