using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using P4Orleans.Testing;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Recovery.Intake;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Health;

/// <summary>A node that stops: its bulk intake ends with the chunk in hand, its silo leaves the cluster as Dead.</summary>
public sealed class ShutdownTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static byte[] Lines(string prefix, int from, int count) => Encoding.UTF8.GetBytes(string.Concat(
        Enumerable.Range(from, count).Select(i => JsonSerializer.Serialize(Contrainte($"{prefix}-{i:D5}", Debtor.Default with { Niss = Niss(i) }), Json) + "\n")));

    private const int Chunk = 20;

    [Theory(Timeout = 180_000)]
    // Stopped while a read waits for the client: before any chunk was full, and after two whole chunks and half a third.
    [InlineData(15, 0)]
    [InlineData(50, 5)]
    public async Task a_node_stopping_during_a_bulk_intake_commits_the_lines_read_whole_and_ends_the_job_interrupted(int before, int after)
    {
        // A real Kestrel: its stop waits for the requests in flight, as in production (the test server does not).
        await using var s = new Scenario(new Dictionary<string, string?> { ["Intake:ChunkSize"] = Chunk.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await s.Api.InitializeAsync();
        s.Api.UseKestrel(0);
        s.Api.StartServer();
        var onss = await s.OnssAsync();
        var body = Channel.CreateUnbounded<byte[]>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/onss/dossiers/bulk") { Content = new ChannelContent(body.Reader) };
        try
        {
            await body.Writer.WriteAsync(Lines("ONSS-STOP", 1, before), Ct);
            using var response = await onss.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct).WaitAsync(Bound, Ct);
            Log("answer started");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var answer = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
            var job = JsonDocument.Parse((await answer.ReadLineAsync(Ct).AsTask().WaitAsync(Bound, Ct))!).RootElement.GetProperty("jobId").GetGuid();
            var lines = new List<JsonElement>();
            var committed = before / Chunk * Chunk;
            if (committed > 0)
            {
                // Results come back once their chunk is committed: wait for the last line of the last whole chunk.
                while (lines.Count < committed)
                {
                    lines.Add(JsonDocument.Parse((await answer.ReadLineAsync(Ct).AsTask().WaitAsync(Bound, Ct))!).RootElement);
                }
                await body.Writer.WriteAsync(Lines("ONSS-STOP", before + 1, after), Ct);
            }
            else
            {
                // Nothing comes back before a chunk is full: wait until the body sent so far has left the client (bounded poll).
                await Eventually.ValueAsync(() => Task.FromResult(body.Reader.Count), count => count == 0);
            }

            var stopping = s.Api.Services.GetRequiredService<IHostApplicationLifetime>();
            Log($"stopping after {lines.Count} answered lines");
            stopping.StopApplication();

            // The answer ends although the client never ended its body (before the fix, this read waited for ever).
            string? text;
            while ((text = await answer.ReadLineAsync(Ct).AsTask().WaitAsync(Bound, Ct)) is not null)
            {
                lines.Add(JsonDocument.Parse(text).RootElement);
            }
            Log($"answer ended with {lines.Count} lines");
            var last = lines[^1];
            var results = lines[..^1];
            Assert.Equal("error", last.GetProperty("type").GetString());
            Assert.Equal(503, last.GetProperty("status").GetInt32());
            Assert.Equal(IntakeJobStatus.Interrupted, last.GetProperty("job").GetProperty("status").GetString());
            Assert.Equal(IntakeService.StoppedReason, last.GetProperty("job").GetProperty("reason").GetString());

            // Every line answered is durable, in order, and nothing else is: never half a chunk.
            var n = results.Count;
            Assert.InRange(n, committed, before + after);
            Assert.Equal(Enumerable.Range(1, n), results.Select(r => r.GetProperty("line").GetInt32()));
            Assert.All(results, r => Assert.Equal("accepted", r.GetProperty("outcome").GetString()));
            // The host is gone by now: the database is read on a connection of the test's own.
            await using var db = NpgsqlDataSource.Create(s.Api.ConnectionString);
            Assert.Equal(n, await ScalarAsync(db, "SELECT count(*) FROM intake_job_lines WHERE job_id = $1", job));
            Assert.Equal(n, await ScalarAsync(db, "SELECT count(*) FROM dossier_intake WHERE onss_reference LIKE 'ONSS-STOP-%'"));
            Assert.Equal(n, await ScalarAsync(db, """
                SELECT count(*) FROM orleans_grain_state g JOIN dossier_intake i ON g.grain_key = i.dossier_id
                WHERE g.state_name = 'dossier' AND i.onss_reference LIKE 'ONSS-STOP-%'
                """));
            Assert.Equal(1, await ScalarAsync(db,
                "SELECT count(*) FROM intake_jobs WHERE id = $1 AND status = 'interrupted' AND lines_read = $2 AND accepted = $2 AND finished_at IS NOT NULL", job, n));
        }
        finally
        {
            body.Writer.TryComplete();
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task a_stopped_node_leaves_its_silo_dead_in_the_membership_table_within_the_shutdown_timeout()
    {
        var api = new ApiFactory();
        await api.InitializeAsync();
        var silo = api.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        await using var db = NpgsqlDataSource.Create(api.ConnectionString);
        Assert.Equal(3, await StatusAsync(db, silo)); // Active

        var clock = Stopwatch.StartNew();
        await api.DisposeAsync().AsTask().WaitAsync(Bound, Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"host stopped in {clock.Elapsed.TotalSeconds:F1} s");

        // Dead (6), written by the silo itself on its way out: not a silo others must first suspect of missing probes.
        Assert.Equal(6, await StatusAsync(db, silo));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the stop took {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static void Log(string line) => TestContext.Current.TestOutputHelper?.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");

    private static async Task<int> StatusAsync(NpgsqlDataSource db, SiloAddress silo)
    {
        await using var cmd = db.CreateCommand("SELECT status FROM orleans_membership WHERE address = $1 AND port = $2 AND generation = $3");
        cmd.Parameters.Add(new NpgsqlParameter { Value = silo.Endpoint.Address.ToString() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = silo.Endpoint.Port });
        cmd.Parameters.Add(new NpgsqlParameter { Value = silo.Generation });
        return (int)(await cmd.ExecuteScalarAsync(Ct))!;
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql, params object[] values)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var v in values)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        }
        return (long)(await cmd.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>A request body the test writes piece by piece and never has to end.</summary>
    private sealed class ChannelContent : HttpContent
    {
        private readonly ChannelReader<byte[]> _pieces;

        public ChannelContent(ChannelReader<byte[]> pieces)
        {
            _pieces = pieces;
            Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await foreach (var piece in _pieces.ReadAllAsync())
            {
                await stream.WriteAsync(piece);
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
