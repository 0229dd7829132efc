using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.Tests;

public sealed class LawApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task an_operator_gets_the_opposition_deadline_with_its_explanation_in_french_and_dutch()
    {
        var op = api.ClientFor(await api.UserAsync(Roles.Operator));
        var answer = await op.GetFromJsonAsync<JsonElement>("/law/deadline?window=Opposition&event=Service&date=2025-06-30&residence=BE",
            TestContext.Current.CancellationToken);
        Assert.Equal("2025-09-15", answer.GetProperty("date").GetString());
        Assert.Contains("15 septembre 2025", answer.GetProperty("explanation").GetProperty("french").GetString(), StringComparison.Ordinal);
        Assert.Contains("15 september 2025", answer.GetProperty("explanation").GetProperty("dutch").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task tariff_arrondissement_and_identifier_checks_answer_and_bad_input_is_a_400()
    {
        var op = api.ClientFor(await api.UserAsync(Roles.Operator));
        var tariff = await op.GetFromJsonAsync<JsonElement>("/law/tariff?act=ServiceOfContrainte&claimCents=200001&date=2025-01-10",
            TestContext.Current.CancellationToken);
        Assert.Equal("B", tariff.GetProperty("claimClass").GetString());
        var eupen = await op.GetFromJsonAsync<JsonElement>("/law/arrondissement?postalCode=4700", TestContext.Current.CancellationToken);
        Assert.False(eupen.GetProperty("needsManualDecision").GetBoolean());
        var bad = await op.PostAsJsonAsync("/law/check-id", new { value = "BE68539007547035", kind = "Iban" }, TestContext.Current.CancellationToken);
        var check = await bad.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.False(check.GetProperty("isValid").GetBoolean());
        Assert.False(string.IsNullOrEmpty(check.GetProperty("failedCheck").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest,
            (await op.GetAsync("/law/deadline?window=Opposition&date=not-a-date", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await op.GetAsync("/law/deadline?window=Opposition&date=2025-06-30&residence=Belgium", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task the_law_endpoints_are_for_operators_only()
    {
        var bailiff = api.ClientFor(await api.UserAsync(Roles.Bailiff, Users.OrganisationKind.BailiffOffice, "office-9"));
        Assert.Equal(HttpStatusCode.Forbidden, (await bailiff.GetAsync("/law/arrondissement?postalCode=4000", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task unverified_values_come_from_the_law_configuration_section()
    {
        await using var configured = new ApiFactory();
        await configured.InitializeAsync();
        await using var withSetting = configured.WithWebHostBuilder(b => b.UseSetting("Law:AbroadExtensions:RestOfWorldDays", "90"));
        var op = ClientFor(withSetting, await configured.UserAsync(Roles.Operator));
        var answer = await op.GetFromJsonAsync<JsonElement>("/law/deadline?window=Opposition&date=2025-02-03&residence=JP",
            TestContext.Current.CancellationToken);
        Assert.Contains("90", answer.GetProperty("explanation").GetProperty("french").GetString(), StringComparison.Ordinal);
    }

    private static HttpClient ClientFor(TestGateway factory, Users.User user)
    {
        var client = factory.CreateClient();
        var issuer = (DevelopmentIssuer)factory.Services.GetService(typeof(DevelopmentIssuer))!;
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", issuer.IssueFor(user.Id));
        return client;
    }
}

public sealed class ProductionTests
{
    [Fact]
    public async Task the_development_issuer_cannot_be_enabled_in_production()
    {
        await using var api = new ApiFactory();
        await api.InitializeAsync();
        await using var production = api.WithWebHostBuilder(b => b.UseEnvironment("Production"));
        var error = Assert.Throws<InvalidOperationException>(() => production.CreateClient());
        Assert.Contains("Production", error.Message, StringComparison.Ordinal);
    }
}
