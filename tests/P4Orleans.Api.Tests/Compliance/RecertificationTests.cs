using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Api.Compliance;
using P4Orleans.Api.Security;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Api.Users;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Compliance;

/// <summary>Periodic recertification: every 6 months here (Compliance:RecertificationMonths), on the clock the test moves.</summary>
public sealed class RecertificationTests : IAsyncLifetime
{
    private readonly Scenario _s = new(new Dictionary<string, string?> { ["Compliance:RecertificationMonths"] = "6" });

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    private RecertificationJob Job => _s.Api.Services.GetRequiredService<RecertificationJob>();

    [Fact]
    public async Task the_job_suspends_exactly_the_users_unconfirmed_at_their_due_date_and_audits_each_suspension()
    {
        var registrar = await _s.Api.UserAsync(Roles.UserRegistrar);
        var coordinator = await _s.Api.UserAsync(Roles.SecurityCoordinator);
        var confirmed = await _s.Api.UserAsync(Roles.Operator);
        var forgotten = await _s.Api.UserAsync(Roles.Operator);
        _s.Clock.Advance(TimeSpan.FromDays(61));
        var later = await _s.Api.UserAsync(Roles.OnssAgent);
        var (registrarClient, coordinatorClient) = (_s.Api.ClientFor(registrar), _s.Api.ClientFor(coordinator));

        // 1 August (5 months on): the registrar confirms the coordinator and one operator; the coordinator confirms the registrar.
        _s.Clock.SetUtcNow(Start.AddMonths(5));
        await PostAsync(registrarClient, $"/admin/users/{coordinator.Id}/recertification", null);
        await PostAsync(registrarClient, $"/admin/users/{confirmed.Id}/recertification", null);
        var next = await ReadAsync<RecertificationDue>(await PostAsync(coordinatorClient, $"/admin/users/{registrar.Id}/recertification", null));
        Assert.Equal(Start.AddMonths(11), next.DueAt);
        // Nobody confirms themselves; an unknown user is 404.
        await PostAsync(registrarClient, $"/admin/users/{registrar.Id}/recertification", null, HttpStatusCode.Forbidden);
        await PostAsync(registrarClient, $"/admin/users/{Guid.NewGuid()}/recertification", null, HttpStatusCode.NotFound);
        var dueSoon = await ReadAsync<List<RecertificationDue>>(await registrarClient.GetAsync($"/admin/recertifications?dueBefore={Uri.EscapeDataString(Start.AddMonths(9).ToString("O"))}", Ct));
        Assert.Equal([forgotten.Id, later.Id], dueSoon.Select(d => d.UserId));

        // One second before the forgotten operator's due date nothing happens; at it, they alone are suspended.
        _s.Clock.SetUtcNow(Start.AddMonths(6).AddSeconds(-1));
        Assert.Equal(0, await Job.RunOnceAsync(Ct));
        _s.Clock.SetUtcNow(Start.AddMonths(6));
        Assert.Equal(1, await Job.RunOnceAsync(Ct));
        Assert.Equal(0, await Job.RunOnceAsync(Ct));
        Assert.Equal([forgotten.Id], await SuspendedAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _s.Api.ClientFor(forgotten).GetAsync("/me", Ct)).StatusCode);
        var entry = await SuspensionEntryAsync(forgotten.Id);
        Assert.Equal(("ok", "recertification-overdue", "Active", "Suspended"), entry);
        // A suspended user is not recertified; reactivating them counts as their confirmation (the job leaves them active).
        await PostAsync(registrarClient, $"/admin/users/{forgotten.Id}/recertification", null, HttpStatusCode.Conflict);
        await ExpectAsync(await registrarClient.PutAsJsonAsync($"/admin/users/{forgotten.Id}/status", new UsersApi.StatusChange(UserStatus.Active), Json, Ct),
            HttpStatusCode.OK);
        Assert.Equal(0, await Job.RunOnceAsync(Ct));
        Assert.Empty(await SuspendedAsync());
        await ExpectAsync(await registrarClient.PutAsJsonAsync($"/admin/users/{forgotten.Id}/status", new UsersApi.StatusChange(UserStatus.Suspended), Json, Ct),
            HttpStatusCode.OK);

        // The user registered two months later is due two months later; the confirmed ones five months after their confirmation.
        _s.Clock.SetUtcNow(Start.AddDays(61).AddMonths(6));
        Assert.Equal(1, await Job.RunOnceAsync(Ct));
        Assert.Equal(new[] { forgotten.Id, later.Id }.Order(), await SuspendedAsync());
        _s.Clock.SetUtcNow(Start.AddMonths(11).AddSeconds(-1));
        Assert.Equal(0, await Job.RunOnceAsync(Ct));
        _s.Clock.SetUtcNow(Start.AddMonths(11));
        Assert.Equal(3, await Job.RunOnceAsync(Ct));
        Assert.Equal(new[] { forgotten.Id, later.Id, registrar.Id, coordinator.Id, confirmed.Id }.Order(), await SuspendedAsync());
    }

    [Fact]
    public async Task only_registrars_and_the_security_coordinator_confirm_users()
    {
        var target = await _s.Api.UserAsync(Roles.Operator);
        foreach (var role in new[] { Roles.Operator, Roles.DataProtectionManager, Roles.Ops, Roles.OnssAgent })
        {
            var client = _s.Api.ClientFor(await _s.Api.UserAsync(role));
            await PostAsync(client, $"/admin/users/{target.Id}/recertification", null, HttpStatusCode.Forbidden);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin/recertifications", Ct)).StatusCode);
        }
        var registrar = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.UserRegistrar));
        Assert.Equal(HttpStatusCode.BadRequest, (await registrar.GetAsync("/admin/recertifications?dueBefore=tomorrow", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await registrar.PostAsync("/admin/users/not-a-guid/recertification", null, Ct)).StatusCode);
    }

    private async Task<List<Guid>> SuspendedAsync()
    {
        await using var cmd = _s.Api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT id FROM users WHERE status = 'Suspended' ORDER BY id");
        var ids = new List<Guid>();
        await using var r = await cmd.ExecuteReaderAsync(Ct);
        while (await r.ReadAsync(Ct))
        {
            ids.Add(r.GetGuid(0));
        }
        return [.. ids.Order()];
    }

    private async Task<(string, string?, string?, string?)> SuspensionEntryAsync(Guid userId)
    {
        await using var cmd = _s.Api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "SELECT outcome, details FROM audit_log WHERE action = 'users.status-changed' AND resource = $1 ORDER BY seq");
        cmd.Parameters.Add(new NpgsqlParameter { Value = $"user/{userId}" });
        await using var r = await cmd.ExecuteReaderAsync(Ct);
        Assert.True(await r.ReadAsync(Ct));
        using var details = JsonDocument.Parse(r.GetString(1));
        var root = details.RootElement;
        var entry = (r.GetString(0), root.GetProperty("reason").GetString(), root.GetProperty("before").GetProperty("status").GetString(),
            root.GetProperty("after").GetProperty("status").GetString());
        Assert.False(await r.ReadAsync(Ct));
        return entry;
    }
}
