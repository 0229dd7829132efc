using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;

namespace P4Orleans.Api.Tests;

public sealed class ChamberTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task a_departing_office_loses_its_users_access_at_once_and_leaves_the_roster()
    {
        var chamber = api.ClientFor(await api.UserAsync(Roles.ChamberFeed, OrganisationKind.Chamber, "chamber"));
        var registered = await chamber.PutAsJsonAsync("/chamber/offices/office-leaving",
            new { name = "Office Leaving", chamberNumber = "L-001", arrondissementId = "liege", capacity = 50 }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);

        var bailiff = api.ClientFor(await api.UserAsync(Roles.Bailiff, OrganisationKind.BailiffOffice, "office-leaving"));
        Assert.Equal(HttpStatusCode.OK, (await bailiff.GetAsync("/bailiff/dossiers", TestContext.Current.CancellationToken)).StatusCode);

        var departed = await chamber.PostAsync("/chamber/offices/office-leaving/departure", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, departed.StatusCode);
        var outcome = await departed.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(1, outcome.GetProperty("usersSuspended").GetInt32());
        Assert.Equal("Departed", outcome.GetProperty("office").GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.Unauthorized, (await bailiff.GetAsync("/bailiff/dossiers", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task only_the_chamber_feed_pushes_the_roster()
    {
        var operatorClient = api.ClientFor(await api.UserAsync(Roles.Operator));
        var response = await operatorClient.PostAsync("/chamber/offices/any/departure", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
