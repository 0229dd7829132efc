using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using P4Orleans.Api.Problems;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;

namespace P4Orleans.Api.Tests.Rights;

/// <summary>Attempts on the registry as an insider would make them: self-grants, grants beyond one's rights, roles of another organisation.</summary>
public sealed class RightsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_registrar_cannot_grant_themselves_the_security_coordinator_role_nor_read_the_audit_log_afterwards()
    {
        var registrarUser = await api.UserAsync(Roles.UserRegistrar);
        var registrar = api.ClientFor(registrarUser);

        var response = await registrar.PutAsJsonAsync($"/admin/users/{registrarUser.Id}/roles",
            new { roles = new[] { Roles.UserRegistrar, Roles.SecurityCoordinator } }, Ct);

        await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, (await registrar.GetAsync("/security/audit", Ct)).StatusCode);
        Assert.Equal([Roles.UserRegistrar], (await api.Registry.FindAsync(registrarUser.Id, Ct))!.Roles);
    }

    [Theory]
    [InlineData(Roles.UserRegistrar, new[] { Roles.UserRegistrar, Roles.Operator })]
    [InlineData(Roles.UserRegistrar, new[] { Roles.Ops })]
    [InlineData(Roles.SecurityCoordinator, new[] { Roles.SecurityCoordinator, Roles.DataProtectionManager })]
    [InlineData(Roles.SecurityCoordinator, new[] { Roles.UserRegistrar })]
    public async Task nobody_changes_their_own_roles_even_to_roles_they_may_grant_others(string role, string[] wanted)
    {
        var self = await api.UserAsync(role);
        var response = await api.ClientFor(self).PutAsJsonAsync($"/admin/users/{self.Id}/roles", new { roles = wanted }, Ct);

        var problem = await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("own", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal([role], (await api.Registry.FindAsync(self.Id, Ct))!.Roles);
    }

    [Theory]
    [InlineData(Roles.UserRegistrar, "Suspended")]
    [InlineData(Roles.UserRegistrar, "Revoked")]
    [InlineData(Roles.SecurityCoordinator, "Suspended")]
    [InlineData(Roles.SecurityCoordinator, "Active")]
    public async Task nobody_changes_their_own_status(string role, string status)
    {
        var self = await api.UserAsync(role);
        var response = await api.ClientFor(self).PutAsJsonAsync($"/admin/users/{self.Id}/status", new { status }, Ct);

        await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(UserStatus.Active, (await api.Registry.FindAsync(self.Id, Ct))!.Status);
    }

    [Theory]
    [InlineData(Roles.SecurityCoordinator)]
    [InlineData(Roles.DataProtectionManager)]
    [InlineData(Roles.UserRegistrar)]
    public async Task a_registrar_neither_registers_nor_grants_a_privileged_role(string privileged)
    {
        var registrar = api.ClientFor(await api.UserAsync(Roles.UserRegistrar));
        var nrn = api.NextNationalNumber();
        var created = await registrar.PostAsJsonAsync("/admin/users", Registration(nrn, OrganisationKind.Concessionaire, Roles.Operator, privileged), Ct);
        await ProblemAsync(created, HttpStatusCode.Forbidden);
        Assert.Null(await api.Registry.FindByNationalNumberAsync(nrn, Ct));

        var operatorUser = await api.UserAsync(Roles.Operator);
        var granted = await registrar.PutAsJsonAsync($"/admin/users/{operatorUser.Id}/roles", new { roles = new[] { Roles.Operator, privileged } }, Ct);
        await ProblemAsync(granted, HttpStatusCode.Forbidden);
        Assert.Equal([Roles.Operator], (await api.Registry.FindAsync(operatorUser.Id, Ct))!.Roles);
    }

    [Theory]
    [InlineData(Roles.SecurityCoordinator)]
    [InlineData(Roles.DataProtectionManager)]
    [InlineData(Roles.UserRegistrar)]
    public async Task a_registrar_neither_takes_away_a_privileged_role_nor_suspends_its_holder(string privileged)
    {
        var registrar = api.ClientFor(await api.UserAsync(Roles.UserRegistrar));
        var holder = await api.UserAsync(privileged, null, null, Roles.Operator);

        await ProblemAsync(await registrar.PutAsJsonAsync($"/admin/users/{holder.Id}/roles", new { roles = new[] { Roles.Operator } }, Ct),
            HttpStatusCode.Forbidden);
        await ProblemAsync(await registrar.PutAsJsonAsync($"/admin/users/{holder.Id}/status", new { status = "Suspended" }, Ct), HttpStatusCode.Forbidden);

        var after = (await api.Registry.FindAsync(holder.Id, Ct))!;
        Assert.Equal([privileged, Roles.Operator], after.Roles);
        Assert.Equal(UserStatus.Active, after.Status);
    }

    [Fact]
    public async Task a_registrar_registers_and_changes_ordinary_users_within_what_they_may_grant()
    {
        var registrar = api.ClientFor(await api.UserAsync(Roles.UserRegistrar));
        var created = await registrar.PostAsJsonAsync("/admin/users", Registration(api.NextNationalNumber(), OrganisationKind.Concessionaire, Roles.Operator), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        var changed = await registrar.PutAsJsonAsync($"/admin/users/{id}/roles", new { roles = new[] { Roles.Operator, Roles.Ops } }, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await registrar.PutAsJsonAsync($"/admin/users/{id}/status", new { status = "Suspended" }, Ct)).StatusCode);
        var after = (await api.Registry.FindAsync(id, Ct))!;
        Assert.Equal([Roles.Operator, Roles.Ops], after.Roles);
        Assert.Equal(UserStatus.Suspended, after.Status);
    }

    [Fact]
    public async Task the_machine_designates_the_first_security_coordinator_who_then_designates_a_registrar()
    {
        var coordinatorUser = await api.Registry.AddAsync(
            new NewUser(api.NextNationalNumber(), "First Coordinator", OrganisationKind.Concessionaire, "concessionaire", [Roles.SecurityCoordinator]), Ct);
        var coordinator = api.ClientFor(coordinatorUser);
        var candidate = await api.UserAsync(Roles.Operator);

        var designated = await coordinator.PutAsJsonAsync($"/admin/users/{candidate.Id}/roles", new { roles = new[] { Roles.Operator, Roles.UserRegistrar } }, Ct);
        Assert.Equal(HttpStatusCode.OK, designated.StatusCode);

        var registrar = api.ClientFor((await api.Registry.FindAsync(candidate.Id, Ct))!);
        var registered = await registrar.PostAsJsonAsync("/admin/users", Registration(api.NextNationalNumber(), OrganisationKind.Onss, Roles.OnssAgent), Ct);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var second = await coordinator.PostAsJsonAsync("/admin/users",
            Registration(api.NextNationalNumber(), OrganisationKind.Concessionaire, Roles.SecurityCoordinator, Roles.DataProtectionManager), Ct);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
    }

    [Fact]
    public async Task registration_accepts_exactly_the_roles_of_the_organisation_table_for_every_kind_and_role()
    {
        var coordinator = api.ClientFor(await api.UserAsync(Roles.SecurityCoordinator));
        var refused = 0;
        foreach (var kind in Enum.GetValues<OrganisationKind>())
        {
            foreach (var role in Roles.All)
            {
                var nrn = api.NextNationalNumber();
                var response = await coordinator.PostAsJsonAsync("/admin/users", Registration(nrn, kind, role), Ct);
                if (OrganisationRoles.Table[kind].Contains(role))
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Created, $"{kind} with {role}: {(int)response.StatusCode}");
                    continue;
                }
                var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
                Assert.Contains(role, problem.GetProperty("errors").GetProperty("roles")[0].GetString(), StringComparison.Ordinal);
                Assert.Null(await api.Registry.FindByNationalNumberAsync(nrn, Ct));
                refused++;
            }
        }
        Assert.Equal(36 - 9, refused);
    }

    [Theory]
    [InlineData(OrganisationKind.BailiffOffice, new[] { Roles.Bailiff, Roles.OnssAgent })]
    [InlineData(OrganisationKind.BailiffOffice, new[] { Roles.Bailiff, Roles.SecurityCoordinator })]
    [InlineData(OrganisationKind.BailiffOffice, new[] { Roles.OnssAgent, Roles.SecurityCoordinator })]
    [InlineData(OrganisationKind.Onss, new[] { Roles.OnssAgent, Roles.UserRegistrar })]
    [InlineData(OrganisationKind.Chamber, new[] { Roles.ChamberFeed, Roles.Operator })]
    [InlineData(OrganisationKind.Concessionaire, new[] { Roles.Operator, Roles.Bailiff })]
    public async Task a_mixture_with_one_misfit_role_is_refused_at_registration_and_at_role_change_by_anyone_even_the_machine(
        OrganisationKind kind, string[] roles)
    {
        var coordinator = api.ClientFor(await api.UserAsync(Roles.SecurityCoordinator));
        var nrn = api.NextNationalNumber();
        await ProblemAsync(await coordinator.PostAsJsonAsync("/admin/users", Registration(nrn, kind, roles), Ct), HttpStatusCode.BadRequest);
        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            api.Registry.AddAsync(new NewUser(nrn, "By the machine", kind, "org", roles), Ct));
        Assert.Null(await api.Registry.FindByNationalNumberAsync(nrn, Ct));

        var fitting = roles.FirstOrDefault(r => OrganisationRoles.Fits(kind, r)) ?? OrganisationRoles.Table[kind].Order(StringComparer.Ordinal).First();
        var user = await api.UserAsync(fitting, kind, "org");
        await ProblemAsync(await coordinator.PutAsJsonAsync($"/admin/users/{user.Id}/roles", new { roles }, Ct), HttpStatusCode.BadRequest);
        await Assert.ThrowsAsync<ValidationFailedException>(() => api.Registry.SetRolesAsync(user.Id, roles, Ct));
        Assert.Equal([fitting], (await api.Registry.FindAsync(user.Id, Ct))!.Roles);
    }

    [Fact]
    public async Task odd_role_lists_and_organisation_kinds_are_400_problems_never_500()
    {
        var coordinator = api.ClientFor(await api.UserAsync(Roles.SecurityCoordinator));
        var target = await api.UserAsync(Roles.Operator);
        var bodies = new object[]
        {
            new { roles = (string[]?)null },
            new { roles = Array.Empty<string>() },
            new { roles = new string?[] { null } },
            new { roles = new[] { Roles.Operator, null } },
            new { roles = new[] { new string('R', 100_000) } },
            new { roles = new[] { "operator" } },
            new { roles = new[] { "Operator\u0000" } },
        };
        foreach (var body in bodies)
        {
            var response = await coordinator.PutAsJsonAsync($"/admin/users/{target.Id}/roles", body, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{JsonSerializer.Serialize(body)[..Math.Min(60, JsonSerializer.Serialize(body).Length)]}: {(int)response.StatusCode}");
        }
        var numericKind = await coordinator.PostAsJsonAsync("/admin/users",
            new { nationalNumber = api.NextNationalNumber(), name = "X", organisationKind = 99, organisationId = "x", roles = new[] { Roles.Operator } }, Ct);
        Assert.True((int)numericKind.StatusCode is >= 400 and < 500, $"organisationKind 99: {(int)numericKind.StatusCode}");
        Assert.Equal([Roles.Operator], (await api.Registry.FindAsync(target.Id, Ct))!.Roles);
    }

    internal static object Registration(string nrn, OrganisationKind kind, params string[] roles) =>
        new { nationalNumber = nrn, name = "New User", organisationKind = kind.ToString(), organisationId = kind == OrganisationKind.Onss ? "onss" : "org-1", roles };

    internal static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: " +
            $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }
}
