using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Api.Security;
using P4Orleans.Api.Tests.Dossiers;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Health;

/// <summary>The probes on ASP.NET Core's health checks: a status alone for anyone, every check for ops.</summary>
public sealed class HealthCheckTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Theory]
    [InlineData("/health/live", "live", "the process answers")]
    [InlineData("/health/ready", "ready", "ready")]
    public async Task an_anonymous_probe_reads_the_status_alone(string path, string status, string detail)
    {
        var anonymous = _s.Api.CreateClient();
        var response = await anonymous.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        // The shape probes and the cluster harness read: status and detail, no check results.
        Assert.Equal(["status", "detail"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(status, body.GetProperty("status").GetString());
        Assert.Equal(detail, body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ops_read_every_check_with_its_status_duration_and_description()
    {
        var ops = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.Ops));
        var report = await ops.GetFromJsonAsync<JsonElement>("/ops/health", Ct);

        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        var checks = report.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(["database", "process", "silo"], checks.Keys.Order());
        Assert.All(checks.Values, c =>
        {
            Assert.Equal("Healthy", c.GetProperty("status").GetString());
            Assert.True(c.GetProperty("durationMs").GetDouble() >= 0);
            Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("description").GetString()));
        });
        Assert.Equal("the local silo is active in the cluster", checks["silo"].GetProperty("description").GetString());
        Assert.Equal(["live"], checks["process"].GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["ready"], checks["database"].GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(Roles.Operator, HttpStatusCode.Forbidden)]
    [InlineData(Roles.OnssAgent, HttpStatusCode.Forbidden)]
    [InlineData(Roles.SecurityCoordinator, HttpStatusCode.Forbidden)]
    public async Task the_check_results_are_for_ops_only(string? role, HttpStatusCode expected)
    {
        var client = role is null ? _s.Api.CreateClient() : _s.Api.ClientFor(await _s.Api.UserAsync(role));
        Assert.Equal(expected, (await client.GetAsync("/ops/health", Ct)).StatusCode);
    }

    [Fact]
    public async Task a_pending_migration_makes_ready_503_with_retry_after_naming_the_database_while_live_stays_200()
    {
        var db = _s.Api.Services.GetRequiredService<NpgsqlDataSource>();
        var last = await ScalarAsync<int>(db, "SELECT max(number) FROM schema_migrations");
        // The last migration's row hidden: the database looks one migration behind the code.
        await NegateAsync(db, last);
        try
        {
            var anonymous = _s.Api.CreateClient();
            var ready = await anonymous.GetAsync("/health/ready", Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.True(ready.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            var body = await ready.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal("not-ready", body.GetProperty("status").GetString());
            Assert.Equal("failing: database", body.GetProperty("detail").GetString());
            // What is pending is for ops: the anonymous answer does not say.
            Assert.DoesNotContain("migration", body.ToString(), StringComparison.OrdinalIgnoreCase);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live", Ct)).StatusCode);

            var ops = _s.Api.ClientFor(await _s.Api.UserAsync(Roles.Ops));
            var report = await ops.GetFromJsonAsync<JsonElement>("/ops/health", Ct);
            Assert.Equal("Unhealthy", report.GetProperty("status").GetString());
            var database = report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "database");
            Assert.Equal(("Unhealthy", "migrations pending"), (database.GetProperty("status").GetString(), database.GetProperty("description").GetString()));
        }
        finally
        {
            await NegateAsync(db, -last);
        }
        Assert.Equal(HttpStatusCode.OK, (await _s.Api.CreateClient().GetAsync("/health/ready", Ct)).StatusCode);
    }

    private static async Task NegateAsync(NpgsqlDataSource db, int number)
    {
        await using var cmd = db.CreateCommand("UPDATE schema_migrations SET number = -number WHERE number = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = number });
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync(Ct));
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync(Ct))!;
    }
}
