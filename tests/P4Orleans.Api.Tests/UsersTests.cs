using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;

namespace P4Orleans.Api.Tests;

public sealed class UsersTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task a_registrar_registers_a_user_who_can_then_call_the_api()
    {
        var registrar = api.ClientFor(await api.UserAsync(Roles.UserRegistrar));
        var nrn = api.NextNationalNumber();
        var created = await registrar.PostAsJsonAsync("/admin/users",
            new { nationalNumber = nrn, name = "Agent One", organisationKind = "Onss", organisationId = "onss", roles = new[] { "OnssAgent" } },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var user = (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken));
        var id = user.GetProperty("id").GetGuid();
        Assert.False(user.TryGetProperty("nationalNumber", out _), "the number is not in the ordinary view");

        var agent = api.ClientFor((await api.Registry.FindAsync(id, TestContext.Current.CancellationToken))!);
        var me = await agent.GetFromJsonAsync<JsonElement>("/me", TestContext.Current.CancellationToken);
        Assert.Equal("Agent One", me.GetProperty("name").GetString());

        var clear = await registrar.GetFromJsonAsync<JsonElement>($"/admin/users/{id}/national-number", TestContext.Current.CancellationToken);
        Assert.Equal(nrn, clear.GetProperty("nationalNumber").GetString());
    }

    [Fact]
    public async Task the_national_number_is_stored_neither_in_clear_nor_in_any_column_as_text()
    {
        var nrn = api.NextNationalNumber();
        await api.Registry.AddAsync(new NewUser(nrn, "Hidden Number", OrganisationKind.Onss, "onss", [Roles.OnssAgent]), TestContext.Current.CancellationToken);
        await using var db = Npgsql.NpgsqlDataSource.Create(api.ConnectionString);
        await using var cmd = db.CreateCommand("SELECT count(*) FROM users WHERE position($1 in (users.*)::text) > 0 OR position($1 in encode(nrn_cipher, 'escape')) > 0");
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = nrn });
        Assert.Equal(0L, await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task a_bad_national_number_is_a_400_naming_the_failed_check_and_a_duplicate_a_409()
    {
        var registrar = api.ClientFor(await api.UserAsync(Roles.UserRegistrar));
        var bad = await registrar.PostAsJsonAsync("/admin/users",
            new { nationalNumber = "85073003329", name = "X", organisationKind = "Onss", organisationId = "onss", roles = new[] { "OnssAgent" } },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains("check", problem.GetProperty("errors").GetProperty("nationalNumber")[0].GetString(), StringComparison.OrdinalIgnoreCase);

        var nrn = api.NextNationalNumber();
        var body = new { nationalNumber = nrn, name = "Twice", organisationKind = "Onss", organisationId = "onss", roles = new[] { "OnssAgent" } };
        Assert.Equal(HttpStatusCode.Created, (await registrar.PostAsJsonAsync("/admin/users", body, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await registrar.PostAsJsonAsync("/admin/users", body, TestContext.Current.CancellationToken)).StatusCode);

        var unknownRole = await registrar.PostAsJsonAsync("/admin/users",
            new { nationalNumber = api.NextNationalNumber(), name = "X", organisationKind = "Onss", organisationId = "onss", roles = new[] { "God" } },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
    }

    [Fact]
    public async Task a_revoked_or_suspended_user_is_refused_at_the_next_request_whatever_token_they_hold()
    {
        var registrar = api.ClientFor(await api.UserAsync(Roles.UserRegistrar));
        var agentUser = await api.UserAsync(Roles.OnssAgent, OrganisationKind.Onss, "onss");
        var agent = api.ClientFor(agentUser);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/me", TestContext.Current.CancellationToken)).StatusCode);

        await registrar.PutAsJsonAsync($"/admin/users/{agentUser.Id}/status", new { status = "Suspended" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("/me", TestContext.Current.CancellationToken)).StatusCode);

        await registrar.PutAsJsonAsync($"/admin/users/{agentUser.Id}/status", new { status = "Active" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/me", TestContext.Current.CancellationToken)).StatusCode);

        await registrar.PutAsJsonAsync($"/admin/users/{agentUser.Id}/status", new { status = "Revoked" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("/me", TestContext.Current.CancellationToken)).StatusCode);
        var back = await registrar.PutAsJsonAsync($"/admin/users/{agentUser.Id}/status", new { status = "Active" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, back.StatusCode);
    }

    [Fact]
    public async Task only_registrars_manage_users()
    {
        var operatorClient = api.ClientFor(await api.UserAsync(Roles.Operator));
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync("/admin/users", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task a_token_of_an_unregistered_subject_is_refused()
    {
        var client = api.CreateClient();
        var token = ((DevelopmentIssuer)api.Services.GetService(typeof(DevelopmentIssuer))!).IssueFor(Guid.NewGuid());
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/me", TestContext.Current.CancellationToken)).StatusCode);
    }
}
