using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using static P4Orleans.Api.Tests.Rights.RightsTests;

namespace P4Orleans.Api.Tests.Rights;

/// <summary>What the security coordinator sees of changes of rights, and rights that the stored row cannot widen.</summary>
public sealed class RightsAuditTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task every_registration_role_change_and_status_change_is_audited_with_before_and_after_and_the_chain_still_verifies()
    {
        var coordinatorUser = await api.UserAsync(Roles.SecurityCoordinator);
        var coordinator = api.ClientFor(coordinatorUser);
        var created = await coordinator.PostAsJsonAsync("/admin/users", Registration(api.NextNationalNumber(), OrganisationKind.Concessionaire, Roles.Operator), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PutAsJsonAsync($"/admin/users/{id}/roles", new { roles = new[] { Roles.Ops } }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PutAsJsonAsync($"/admin/users/{id}/status", new { status = "Suspended" }, Ct)).StatusCode);
        await api.Registry.SetStatusAsync(id, UserStatus.Active, Ct);

        var changes = (await EntriesAsync(coordinator, $"resource=user/{id}"))
            .Where(e => e.GetProperty("action").GetString()!.StartsWith("users.", StringComparison.Ordinal)
                && e.GetProperty("outcome").GetString() == "ok").ToList();
        Assert.Equal([UserRegistry.AuditActions.Registered, UserRegistry.AuditActions.RolesChanged, UserRegistry.AuditActions.StatusChanged,
            UserRegistry.AuditActions.StatusChanged], changes.Select(e => e.GetProperty("action").GetString()));
        var (registered, roles, suspended, reactivated) = (Details(changes[0]), Details(changes[1]), Details(changes[2]), Details(changes[3]));
        Assert.Equal(JsonValueKind.Null, registered.GetProperty("before").ValueKind);
        Assert.Equal(["Operator"], RolesOf(registered.GetProperty("after")));
        Assert.Equal(["Operator"], RolesOf(roles.GetProperty("before")));
        Assert.Equal(["Ops"], RolesOf(roles.GetProperty("after")));
        Assert.Equal("Active", suspended.GetProperty("before").GetProperty("status").GetString());
        Assert.Equal("Suspended", suspended.GetProperty("after").GetProperty("status").GetString());
        Assert.All(changes.Take(3), e => Assert.Equal(coordinatorUser.Id, e.GetProperty("userId").GetGuid()));
        Assert.All(changes.Take(3), e => Assert.Equal("user", Details(e).GetProperty("by").GetString()));
        Assert.Equal("machine", reactivated.GetProperty("by").GetString());
        Assert.Equal(JsonValueKind.Null, changes[3].GetProperty("userId").ValueKind);
        Assert.All(changes, e => Assert.DoesNotContain("New User", e.GetProperty("details").GetString(), StringComparison.Ordinal));

        var verdict = await coordinator.GetFromJsonAsync<JsonElement>("/security/audit/verify", Ct);
        Assert.True(verdict.GetProperty("intact").GetBoolean(), verdict.ToString());
    }

    [Fact]
    public async Task a_refused_self_grant_is_audited_as_refused_with_what_it_asked_for()
    {
        var registrarUser = await api.UserAsync(Roles.UserRegistrar);
        var response = await api.ClientFor(registrarUser).PutAsJsonAsync($"/admin/users/{registrarUser.Id}/roles",
            new { roles = new[] { Roles.SecurityCoordinator } }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var beyond = await api.ClientFor(registrarUser).PostAsJsonAsync("/admin/users",
            Registration(api.NextNationalNumber(), OrganisationKind.Concessionaire, Roles.DataProtectionManager), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, beyond.StatusCode);

        var entries = await EntriesAsync(api.ClientFor(await api.UserAsync(Roles.SecurityCoordinator)), $"userId={registrarUser.Id}");
        var self = Assert.Single(entries, e => e.GetProperty("action").GetString() == "users.set-roles");
        Assert.Equal("refused:self-change:403", self.GetProperty("outcome").GetString());
        Assert.Equal(["SecurityCoordinator"], RolesOf(Details(self).GetProperty("requested")));
        var create = Assert.Single(entries, e => e.GetProperty("action").GetString() == "users.create");
        Assert.Equal("refused:beyond-grant:403", create.GetProperty("outcome").GetString());
        Assert.DoesNotContain(entries, e => e.GetProperty("action").GetString() == UserRegistry.AuditActions.RolesChanged);
    }

    [Fact]
    public async Task a_role_edited_into_the_row_that_does_not_fit_the_organisation_is_withheld_at_the_next_request_and_audited()
    {
        var bailiffUser = await api.UserAsync(Roles.Bailiff, OrganisationKind.BailiffOffice, "office-edited");
        var bailiff = api.ClientFor(bailiffUser);
        await using (var db = NpgsqlDataSource.Create(api.ConnectionString))
        await using (var cmd = db.CreateCommand("UPDATE users SET roles = ARRAY['Bailiff', 'OnssAgent', 'SecurityCoordinator', 'UserRegistrar', 'God'] WHERE id = $1"))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = bailiffUser.Id });
            await cmd.ExecuteNonQueryAsync(Ct);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await bailiff.GetAsync("/onss/dossiers", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bailiff.GetAsync("/security/audit", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bailiff.GetAsync("/admin/users", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bailiff.GetAsync("/bailiff/dossiers", Ct)).StatusCode);
        var me = await bailiff.GetFromJsonAsync<JsonElement>("/me", Ct);
        Assert.Equal(["Bailiff"], RolesOf(me));

        var withheld = (await EntriesAsync(api.ClientFor(await api.UserAsync(Roles.SecurityCoordinator)), $"userId={bailiffUser.Id}&action=auth.roles-withheld"));
        Assert.NotEmpty(withheld);
        Assert.All(withheld, e => Assert.Equal("refused:role-misfit", e.GetProperty("outcome").GetString()));
        Assert.Equal(["OnssAgent", "SecurityCoordinator", "UserRegistrar", "God"], Details(withheld[0]).GetProperty("withheld").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task the_http_token_endpoint_is_gone_with_or_without_a_token()
    {
        var user = await api.UserAsync(Roles.Operator);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient().PostAsJsonAsync("/dev/token", new { userId = user.Id }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.ClientFor(user).PostAsJsonAsync("/dev/token", new { userId = user.Id }, Ct)).StatusCode);
        var patterns = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText ?? "");
        Assert.DoesNotContain(patterns, p => p.StartsWith("/dev", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_chamber_departure_audits_each_suspension_with_the_chamber_user_as_actor()
    {
        var chamberUser = await api.UserAsync(Roles.ChamberFeed);
        var chamber = api.ClientFor(chamberUser);
        Assert.Equal(HttpStatusCode.OK, (await chamber.PutAsJsonAsync("/chamber/offices/office-gone",
            new { name = "Office Gone", chamberNumber = "G-1", arrondissementId = "liege", capacity = 5 }, Ct)).StatusCode);
        var clerk = await api.UserAsync(Roles.BailiffClerk, OrganisationKind.BailiffOffice, "office-gone");
        Assert.Equal(HttpStatusCode.OK, (await chamber.PostAsync("/chamber/offices/office-gone/departure", null, Ct)).StatusCode);

        var entry = Assert.Single(await EntriesAsync(api.ClientFor(await api.UserAsync(Roles.SecurityCoordinator)),
            $"userId={chamberUser.Id}&action={UserRegistry.AuditActions.StatusChanged}"));
        Assert.Equal($"user/{clerk.Id}", entry.GetProperty("resource").GetString());
        Assert.Equal("Suspended", Details(entry).GetProperty("after").GetProperty("status").GetString());
    }

    private static async Task<List<JsonElement>> EntriesAsync(HttpClient reader, string filter)
    {
        var page = await reader.GetFromJsonAsync<JsonElement>($"/security/audit?limit=1000&{filter}", Ct);
        return [.. page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("entry"))];
    }

    private static JsonElement Details(JsonElement entry) => JsonDocument.Parse(entry.GetProperty("details").GetString()!).RootElement;

    private static List<string?> RolesOf(JsonElement holder) => [.. holder.GetProperty("roles").EnumerateArray().Select(r => r.GetString())];
}
