using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using P4Orleans.Api.Tests.Dossiers;
using P4Orleans.Recovery.Intake;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Health;

/// <summary>
/// A node stopping during a bulk intake: the intake stops reading, writes the lines it read whole (in chunks, the last
/// one short), and ends the job <c>interrupted</c>. Driven at the service, with a body that waits for the client the way
/// a slow upload does, because a test client cannot keep an HTTP request body open across the host's stop.
/// </summary>
public sealed class ShutdownIntakeTests
{
    private const int Chunk = 20;

    [Theory]
    // Stopped before any chunk was full; after two whole chunks and part of a third; exactly on a chunk's end.
    [InlineData(15)]
    [InlineData(47)]
    [InlineData(40)]
    public async Task a_node_stopping_during_a_bulk_intake_commits_every_line_read_whole_and_ends_the_job_interrupted(int read)
    {
        await using var s = new Scenario(new Dictionary<string, string?> { ["Intake:ChunkSize"] = Chunk.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await s.InitializeAsync();
        // The platform's intake service on the real database, told that its node stops: the host itself keeps running, so
        // that the database stays open while the job ends (in production the server waits for its requests in flight).
        using var node = new StoppingNode();
        var intake = ActivatorUtilities.CreateInstance<IntakeService>(s.Api.Services, node);
        var prefix = $"ONSS-STOP-{read}-{Guid.NewGuid():N}"[..24];
        // The lines the client sent, then half of one more line, then the client goes quiet.
        var body = new WaitingBody(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, read)
            .Select(i => JsonSerializer.Serialize(Contrainte($"{prefix}-{i:D3}", Debtor.Default with { Niss = Niss(100 + i) }), Json) + "\n"))
            + "{\"reference\":\"half a line"));
        var job = await intake.StartJobAsync(null, Ct);
        var answered = new List<IntakeLineResult>();

        var run = intake.RunBulkAsync(job, body, r => { lock (answered) { answered.Add(r); } return ValueTask.CompletedTask; }, Ct);
        await body.Drained.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        node.StopApplication();
        var ended = await run.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(IntakeJobStatus.Interrupted, ended.Status);
        Assert.Equal(IntakeService.StoppedReason, ended.Reason);
        Assert.Equal(read, ended.Accepted);
        Assert.Equal(read, answered.Count(r => r.Outcome == LineOutcome.Accepted));
        // Every line read whole is a dossier; the half line is not a line at all.
        await using var db = NpgsqlDataSource.Create(s.Api.ConnectionString);
        await using var count = db.CreateCommand("SELECT count(*) FROM orleans_grain_state WHERE state_name = 'dossier' AND payload ->> 'reference' LIKE $1");
        count.Parameters.AddWithValue(prefix + "-%");
        Assert.Equal((long)read, (long)(await count.ExecuteScalarAsync(Ct))!);
        Assert.Equal(read, (await intake.LinesAsync(job.Id, 0, 1_000, null, Ct)).Items.Count);
    }

    /// <summary>The stop signal of a node, as the host gives it to its services.</summary>
    private sealed class StoppingNode : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => _stopping.Token;
        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();
    }

    /// <summary>A request body that hands out its bytes, then waits for more until the read is cancelled.</summary>
    private sealed class WaitingBody(byte[] content) : Stream
    {
        private int _position;

        public TaskCompletionSource Drained { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position < content.Length)
            {
                var n = Math.Min(buffer.Length, content.Length - _position);
                content.AsMemory(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }
            Drained.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The intake reads asynchronously.");
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
