using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.Tests;

// Each test changes the log on purpose: a factory (and database) per test.
public sealed class AuditTests : IAsyncLifetime
{
    private readonly ApiFactory _api = new();

    public ValueTask InitializeAsync() => _api.InitializeAsync();

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task every_audited_request_leaves_an_entry_with_user_role_action_outcome_and_request_id_refusals_included()
    {
        var reader = await _api.UserAsync(Roles.SecurityCoordinator);
        var operatorUser = await _api.UserAsync(Roles.Operator);
        var registrarUser = await _api.UserAsync(Roles.UserRegistrar);
        var registrar = _api.ClientFor(registrarUser);
        var read = await registrar.GetAsync($"/admin/users/{operatorUser.Id}", TestContext.Current.CancellationToken);
        var requestId = read.Headers.GetValues("X-Request-Id").Single();
        await _api.ClientFor(operatorUser).GetAsync("/admin/users", TestContext.Current.CancellationToken);

        var page = await _api.ClientFor(reader).GetFromJsonAsync<JsonElement>("/security/audit?limit=100", TestContext.Current.CancellationToken);
        var entries = page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("entry")).ToList();
        var readEntry = Assert.Single(entries, e => e.GetProperty("requestId").GetString() == requestId);
        Assert.Equal("users.read", readEntry.GetProperty("action").GetString());
        Assert.Equal(registrarUser.Id, readEntry.GetProperty("userId").GetGuid());
        Assert.Equal(Roles.UserRegistrar, readEntry.GetProperty("role").GetString());
        Assert.Equal($"user/{operatorUser.Id}", readEntry.GetProperty("resource").GetString());
        Assert.Equal("ok:200", readEntry.GetProperty("outcome").GetString());
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "users.list" && e.GetProperty("outcome").GetString() == "denied:403"
            && e.GetProperty("userId").GetGuid() == operatorUser.Id);
    }

    [Fact]
    public async Task only_the_security_coordinator_and_the_data_protection_manager_read_the_log()
    {
        Assert.Equal(HttpStatusCode.OK, (await _api.ClientFor(await _api.UserAsync(Roles.SecurityCoordinator)).GetAsync("/security/audit", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.ClientFor(await _api.UserAsync(Roles.DataProtectionManager)).GetAsync("/security/audit/verify", TestContext.Current.CancellationToken)).StatusCode);
        foreach (var role in Roles.All.Except([Roles.SecurityCoordinator, Roles.DataProtectionManager]))
        {
            var client = _api.ClientFor(await _api.UserAsync(role));
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/security/audit", TestContext.Current.CancellationToken)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/security/audit/verify", TestContext.Current.CancellationToken)).StatusCode);
        }
    }

    [Fact]
    public async Task the_log_refuses_updates_and_deletes()
    {
        await SeedAsync(3);
        await using var db = NpgsqlDataSource.Create(_api.ConnectionString);
        await using var update = db.CreateCommand("UPDATE audit_log SET outcome = 'ok:200' WHERE seq = 1");
        var error = await Assert.ThrowsAsync<PostgresException>(() => update.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        await using var delete = db.CreateCommand("DELETE FROM audit_log");
        await Assert.ThrowsAsync<PostgresException>(() => delete.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("edit", "UPDATE audit_log SET outcome = 'denied:403' WHERE seq = 4", 4)]
    [InlineData("delete", "DELETE FROM audit_log WHERE seq = 3", 3)]
    [InlineData("reorder", "UPDATE audit_log a SET (at, user_id, role, action, resource, dossier_id, outcome, request_id, hash) = " +
        "(SELECT at, user_id, role, action, resource, dossier_id, outcome, request_id, hash FROM audit_log b " +
        "WHERE b.seq = CASE a.seq WHEN 2 THEN 5 ELSE 2 END) WHERE a.seq IN (2, 5)", 2)]
    [InlineData("truncate tail", "DELETE FROM audit_log WHERE seq >= 6", 6)]
    public async Task tampering_is_detected_at_the_first_broken_link(string tampering, string sql, long firstBroken)
    {
        await SeedAsync(8);
        var verifier = new AuditVerifier(NpgsqlDataSource.Create(_api.ConnectionString));
        Assert.True((await verifier.VerifyAsync(TestContext.Current.CancellationToken)).Intact);

        // Someone with the database's superuser rights switches the append-only triggers off and edits the table.
        await using (var db = NpgsqlDataSource.Create(_api.ConnectionString))
        await using (var cmd = db.CreateCommand($"ALTER TABLE audit_log DISABLE TRIGGER USER; {sql}; ALTER TABLE audit_log ENABLE TRIGGER USER"))
        {
            await cmd.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var verdict = await verifier.VerifyAsync(TestContext.Current.CancellationToken);
        Assert.False(verdict.Intact, tampering);
        Assert.Equal(firstBroken, verdict.FirstBrokenSeq);
        Assert.Equal(firstBroken - 1, verdict.EntriesChecked);

        var dpo = _api.ClientFor(await _api.UserAsync(Roles.DataProtectionManager));
        var viaApi = await dpo.GetFromJsonAsync<JsonElement>("/security/audit/verify", TestContext.Current.CancellationToken);
        Assert.False(viaApi.GetProperty("intact").GetBoolean());
        Assert.Equal(firstBroken, viaApi.GetProperty("firstBrokenSeq").GetInt64());
    }

    [Theory]
    [InlineData("+01:00")]
    [InlineData("-05:30")]
    [InlineData("+14:00")]
    public async Task an_instant_with_an_offset_filters_the_log_as_the_same_instant_in_utc(string offset)
    {
        var log = (AuditLog)_api.Services.GetService(typeof(AuditLog))!;
        var entryAt = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        foreach (var (at, i) in new[] { entryAt.AddMinutes(-1), entryAt, entryAt.AddMinutes(1) }.Select((at, i) => (at, i)))
        {
            await log.AppendAsync(new AuditEntry(at, Guid.NewGuid(), Roles.Operator, "test.offset", $"thing/{i}", null, "ok:200", $"req-offset-{i}"));
        }

        var reader = _api.ClientFor(await _api.UserAsync(Roles.SecurityCoordinator));
        var sign = TimeSpan.Parse(offset.TrimStart('+'), System.Globalization.CultureInfo.InvariantCulture);
        string Local(DateTimeOffset utc) => Uri.EscapeDataString(utc.ToOffset(sign).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
        var response = await reader.GetAsync($"/security/audit?action=test.offset&from={Local(entryAt)}&to={Local(entryAt.AddMinutes(1))}",
            TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        var entries = JsonDocument.Parse(body).RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal("req-offset-1", Assert.Single(entries).GetProperty("entry").GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task a_time_filter_that_ends_before_it_starts_is_a_400_naming_to()
    {
        var reader = _api.ClientFor(await _api.UserAsync(Roles.SecurityCoordinator));
        var response = await reader.GetAsync("/security/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty("to", out _), body);
    }

    private async Task SeedAsync(int count)
    {
        var log = (AuditLog)_api.Services.GetService(typeof(AuditLog))!;
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => log.AppendAsync(
            new AuditEntry(log.Now(), Guid.NewGuid(), Roles.Operator, "test.action", $"thing/{i}", $"dossier-{i}", "ok:200", $"req-{i}"))));
    }
}
