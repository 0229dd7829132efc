using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Api.Security;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Api.Users;
using P4Orleans.Recovery.Intake;
using static P4Orleans.Api.Tests.Dossiers.BulkIntake;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Health;

/// <summary>Bulk intake runs at most <c>Intake:MaxConcurrentJobsPerCaller</c> jobs per caller, counted across the cluster.</summary>
public sealed class BulkJobLimitTests : IAsyncLifetime
{
    private readonly Scenario _s = new(new Dictionary<string, string?> { ["Intake:MaxConcurrentJobsPerCaller"] = "2" });

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    private static string File(string prefix, int count) => string.Join('\n',
        Enumerable.Range(1, count).Select(i => JsonSerializer.Serialize(Contrainte($"{prefix}-{i:D3}", Debtor.Default with { Niss = Niss(i) }), Json))) + "\n";

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    public async Task a_caller_already_running_the_limit_of_bulk_jobs_gets_a_429_problem_and_no_job_while_another_caller_is_served(
        int running, bool served)
    {
        var (caller, user) = await OnssUserAsync();
        // Jobs of this caller still running, on this node and on another one (the count is the cluster's).
        for (var i = 0; i < running; i++)
        {
            await RunningJobAsync(user.Id, i % 2 == 0 ? "another-node" : "this-node");
        }

        var response = await caller.PostAsync("/onss/dossiers/bulk", Ndjson(File($"ONSS-JOBS-{running}", 3)), Ct);
        if (served)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(running + 1L, await JobsOfAsync(user.Id));
            return;
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("at most 2 bulk intake jobs", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Refused before reading: no job, no line, no dossier.
        Assert.Equal((long)running, await JobsOfAsync(user.Id));
        Assert.Null(await _s.Api.Services.GetRequiredService<IntakeService>().FindByReferenceAsync($"ONSS-JOBS-{running}-001", Ct));

        var (other, _) = await OnssUserAsync();
        var (lines, _, summary) = await PostAsync(other, Ndjson(File($"ONSS-OTHER-{running}", 3)));
        Assert.All(lines, l => Assert.Equal("accepted", Outcome(l)));
        Assert.Equal(IntakeJobStatus.Finished, summary.GetProperty("job").GetProperty("status").GetString());
    }

    [Fact]
    public async Task once_one_of_its_jobs_has_ended_the_caller_is_served_again()
    {
        var (caller, user) = await OnssUserAsync();
        var first = await RunningJobAsync(user.Id, "this-node");
        await RunningJobAsync(user.Id, "another-node");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await caller.PostAsync("/onss/dossiers/bulk", Ndjson(File("ONSS-AGAIN", 2)), Ct)).StatusCode);

        await ExecAsync("UPDATE intake_jobs SET status = 'finished', finished_at = now() WHERE id = $1", first);

        var (lines, _, summary) = await PostAsync(caller, Ndjson(File("ONSS-AGAIN", 2)));
        Assert.Equal(["accepted", "accepted"], lines.Select(Outcome));
        Assert.Equal(IntakeJobStatus.Finished, summary.GetProperty("job").GetProperty("status").GetString());
    }

    [Fact]
    public async Task jobs_started_at_once_by_one_caller_never_exceed_the_limit()
    {
        var intake = _s.Api.Services.GetRequiredService<IntakeService>();
        var caller = Guid.NewGuid();
        // Eight starts at the same moment: the caller's lock lets two through, whatever the interleaving.
        var starts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                await intake.StartJobAsync(caller, Ct);
                return true;
            }
            catch (IntakeJobLimitException)
            {
                return false;
            }
        }));
        Assert.Equal(2, starts.Count(s => s));
        Assert.Equal(2L, await JobsOfAsync(caller));
    }

    private async Task<(HttpClient Client, User User)> OnssUserAsync()
    {
        var user = await _s.Api.UserAsync(Roles.OnssAgent, OrganisationKind.Onss, "onss");
        return (_s.Api.ClientFor(user), user);
    }

    private async Task<Guid> RunningJobAsync(Guid caller, string node)
    {
        var id = Guid.CreateVersion7();
        await ExecAsync("INSERT INTO intake_jobs (id, submitted_by, status, started_at, node_id, heartbeat_at) VALUES ($1, $2, 'running', now(), $3, now())",
            id, caller, node);
        return id;
    }

    private async Task<long> JobsOfAsync(Guid caller)
    {
        await using var cmd = _s.Api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT count(*) FROM intake_jobs WHERE submitted_by = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = caller });
        return (long)(await cmd.ExecuteScalarAsync(Ct))!;
    }

    private async Task ExecAsync(string sql, params object[] values)
    {
        await using var cmd = _s.Api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        foreach (var v in values)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        }
        await cmd.ExecuteNonQueryAsync(Ct);
    }
}
