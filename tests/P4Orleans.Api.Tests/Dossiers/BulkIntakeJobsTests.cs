using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Recovery.Intake;
using static P4Orleans.Api.Tests.Dossiers.BulkIntake;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Dossiers;

/// <summary>Bulk jobs: the body size limit, before and while reading, and jobs left running by a node that died.</summary>
public sealed class BulkIntakeJobsTests : IAsyncLifetime
{
    private const int Limit = 6_000;

    private readonly Scenario _s = new(new Dictionary<string, string?> { ["Intake:MaxBodyBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    private static string File(string prefix, int from, int count) => string.Join('\n',
        Enumerable.Range(from, count).Select(i => JsonSerializer.Serialize(Contrainte($"{prefix}-{i:D3}", Debtor.Default with { Niss = Niss(i) }), Json))) + "\n";

    [Theory]
    [InlineData(Limit + 1)]
    [InlineData(10 * Limit)]
    public async Task a_body_declared_over_the_size_limit_is_a_413_problem_before_anything_is_read_and_no_job_starts(long declared)
    {
        var onss = await _s.OnssAsync();
        var content = new UnsizedContent(Encoding.UTF8.GetBytes(File("ONSS-DECLARED", 1, 20)), declared);

        var response = await onss.PostAsync("/onss/dossiers/bulk", content, Ct);

        await ExpectAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("at most", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM intake_jobs"));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM dossier_intake"));
    }

    [Fact]
    public async Task a_body_found_over_the_limit_while_read_ends_the_stream_with_an_error_line_and_the_job_says_too_large()
    {
        var onss = await _s.OnssAsync();
        var file = Encoding.UTF8.GetBytes(File("ONSS-UNSIZED", 1, 30));
        Assert.True(file.Length > 2 * Limit);

        // The factory's default client buffers a body to give it a length: the test server's own client streams it unsized.
        using var streaming = _s.Api.Server.CreateClient();
        streaming.DefaultRequestHeaders.Authorization = onss.DefaultRequestHeaders.Authorization;
        var (results, job, last) = await PostAsync(streaming, new UnsizedContent(file, null));

        Assert.Equal("error", last.GetProperty("type").GetString());
        Assert.Equal(413, last.GetProperty("status").GetInt32());
        Assert.Equal(IntakeJobStatus.TooLarge, last.GetProperty("job").GetProperty("status").GetString());
        // The lines read whole before the limit were taken in and answered; nothing after it.
        Assert.NotEmpty(results);
        Assert.True(results.Count < 30);
        Assert.All(results, r => Assert.Equal("accepted", Outcome(r)));
        var polled = await onss.GetFromJsonAsync<IntakeJob>($"/onss/intake-jobs/{job}", Json, Ct);
        Assert.Equal((IntakeJobStatus.TooLarge, results.Count), (polled!.Status, polled.Accepted));
        Assert.NotNull(polled.Reason);
        Assert.Equal(results.Count, await ScalarAsync("SELECT count(*) FROM dossier_intake"));
    }

    [Fact]
    public async Task a_job_nobody_beats_for_is_marked_interrupted_with_what_it_committed_and_resubmitting_the_file_is_idempotent()
    {
        var onss = await _s.OnssAsync();
        var intake = _s.Api.Services.GetRequiredService<IntakeService>();
        var (first, crashed, _) = await PostAsync(onss, Ndjson(File("ONSS-CRASH", 1, 4)));
        Assert.All(first, r => Assert.Equal("accepted", Outcome(r)));
        var now = _s.Clock.GetUtcNow();
        // What a crash leaves: the committed chunk's rows and counts, the job still running, nobody beating for it since.
        await ExecAsync("UPDATE intake_jobs SET status = 'running', finished_at = NULL, node_id = 'gone-node', started_at = $2, heartbeat_at = $3 WHERE id = $1",
            crashed, now.AddMinutes(-10), now.AddMinutes(-5));
        // A job another node beats for, one never beaten for minutes, and one of a node never seen: only the first runs on.
        var live = await RunningJobAsync("live-node", now.AddMinutes(-1));
        await ExecAsync("UPDATE intake_jobs SET heartbeat_at = $2 WHERE id = $1", live, now);
        var stale = await RunningJobAsync("api-test-node", now.AddMinutes(-3));
        var unknownNode = await RunningJobAsync("never-seen-node", now.AddMinutes(-10));

        Assert.Equal(3, await intake.MarkInterruptedJobsAsync(Ct));

        var job = await onss.GetFromJsonAsync<IntakeJob>($"/onss/intake-jobs/{crashed}", Json, Ct);
        Assert.Equal((IntakeJobStatus.Interrupted, 4, 4), (job!.Status, job.Accepted, job.LinesRead));
        Assert.Contains("committed", job.Reason, StringComparison.Ordinal);
        Assert.Equal(4, (await onss.GetFromJsonAsync<IntakeLinePage>($"/onss/intake-jobs/{crashed}/lines", Json, Ct))!.Items.Count);
        Assert.Equal(IntakeJobStatus.Running, (await intake.FindJobAsync(live, Ct))!.Status);
        Assert.Equal(IntakeJobStatus.Interrupted, (await intake.FindJobAsync(stale, Ct))!.Status);
        Assert.Equal(IntakeJobStatus.Interrupted, (await intake.FindJobAsync(unknownNode, Ct))!.Status);
        Assert.Equal(0, await intake.MarkInterruptedJobsAsync(Ct));

        // The whole file again: what was committed answers duplicate, the rest is taken in.
        var (again, _, summary) = await PostAsync(onss, Ndjson(File("ONSS-CRASH", 1, 6)));
        Assert.Equal(["duplicate", "duplicate", "duplicate", "duplicate", "accepted", "accepted"], again.Select(Outcome));
        Assert.Equal(IntakeJobStatus.Finished, summary.GetProperty("job").GetProperty("status").GetString());
        Assert.Equal(6L, await ScalarAsync("SELECT count(*) FROM dossier_intake WHERE onss_reference LIKE 'ONSS-CRASH-%'"));
    }

    private async Task<Guid> RunningJobAsync(string node, DateTimeOffset startedAt)
    {
        var id = Guid.CreateVersion7();
        await ExecAsync("INSERT INTO intake_jobs (id, status, started_at, node_id) VALUES ($1, 'running', $2, $3)", id, startedAt, node);
        return id;
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var cmd = _s.Api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
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

    /// <summary>A body sent without a Content-Length (chunked), or with a declared length that may be a lie.</summary>
    private sealed class UnsizedContent : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly long? _declared;

        public UnsizedContent(byte[] bytes, long? declared)
        {
            _bytes = bytes;
            _declared = declared;
            Headers.ContentType = new("application/x-ndjson");
            Headers.ContentLength = declared;
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            _declared is null ? stream.WriteAsync(_bytes).AsTask() : Task.CompletedTask;

        protected override bool TryComputeLength(out long length)
        {
            length = _declared ?? 0;
            return _declared is not null;
        }
    }
}
