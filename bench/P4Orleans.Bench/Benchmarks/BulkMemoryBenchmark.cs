using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Bench.Harness;
using P4Orleans.Recovery.Intake;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>
/// Memory of one bulk request of 3,000,000 short lines (300,000 with <c>--quick</c>), generated on the fly so that
/// the body itself is never in memory: the first 100,000 (the job limit) are parsed, validated and rejected (a
/// reference and no title), the rest answered rejected unread. Reports the process's resident set before, at its
/// peak (sampled every 100 ms) and after, and the bytes allocated per line.
/// </summary>
public sealed class BulkMemoryBenchmark : IBenchmark
{
    private const double TargetGrowthMb = 100;

    public string Name => "bulk-memory";

    public string Description => "RSS growth while one bulk request streams 3,000,000 short lines (target < 100 MB)";

    public async Task<BenchmarkResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var result = new BenchmarkResult(Name, Description);
        var lines = context.Options.Quick ? 300_000 : 3_000_000;
        await using var silo = BenchSilo.CreateRecovery(context.Database.ConnectionString, "bench-memory");
        var intake = silo.Services.GetRequiredService<IntakeService>();
        var body = new ShortLines(lines);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = Rss();
        var peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Rss());
                await Task.Delay(100, CancellationToken.None);
            }
        }, CancellationToken.None);
        var outcomes = new int[3];
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var job = await intake.StartJobAsync(null, cancellationToken);
        job = await intake.RunBulkAsync(job, body, line =>
        {
            outcomes[(int)line.Outcome]++;
            return ValueTask.CompletedTask;
        }, cancellationToken);
        clock.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        await sampling.CancelAsync();
        await sampler;
        peak = Math.Max(peak, Rss());
        var after = Rss();
        var growth = (peak - before) / 1e6;
        await context.Log.WriteLineAsync($"  {lines:N0} lines ({body.Bytes / 1e6:F0} MB) in {clock.Elapsed.TotalSeconds:F1} s; RSS {before / 1e6:F0} MB -> peak " +
            $"{peak / 1e6:F0} MB -> {after / 1e6:F0} MB");

        result.Rows.Add(new BenchRow()
            .Add("lines", lines, "F0")
            .Add("body_mb", body.Bytes / 1e6, "F0")
            .Add("seconds", clock.Elapsed.TotalSeconds)
            .Add("lines_s", lines / clock.Elapsed.TotalSeconds, "F0")
            .Add("rss_before_mb", before / 1e6, "F0")
            .Add("rss_peak_mb", peak / 1e6, "F0")
            .Add("rss_after_mb", after / 1e6, "F0")
            .Add("growth_mb", growth, "F1")
            .Add("alloc_b_per_line", (double)allocated / lines, "F0"));
        result.Targets.Add(new BenchTarget(
            $"RSS growth < {TargetGrowthMb} MB (measured {growth.ToString("F1", CultureInfo.InvariantCulture)} MB, peak minus before)", growth < TargetGrowthMb));
        result.Checks.Add(new BenchCheck($"every line answered and counted: {outcomes.Sum():N0} results, job {job.Status}, rejected {job.Rejected:N0}",
            outcomes.Sum() == lines && outcomes[2] == lines && job.Rejected == lines && job.Status == IntakeJobStatus.Finished));
        result.Notes.Add($"One RunBulkAsync over a stream that writes each line when read (never the whole body in memory); line i is " +
            "{\"reference\":\"ONSS-RSS-<i>\",\"titleKind\":\"Contrainte\",\"issueDate\":\"2026-01-01\"}: the first 100,000 (the job limit) are " +
            "parsed and rejected by validation, the others rejected with the limit, unread; every result goes to the callback and to " +
            "intake_job_lines. RSS from /proc (Environment.WorkingSet), sampled every 100 ms, after a full GC before the start.");
        return result;
    }

    private static long Rss() => Environment.WorkingSet;

    /// <summary>A request body of short NDJSON lines, produced as it is read.</summary>
    private sealed class ShortLines(int count) : Stream
    {
        private readonly byte[] _pending = new byte[256];
        private int _pendingStart;
        private int _pendingEnd;
        private int _next = 1;

        public long Bytes { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Bytes; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var written = 0;
            while (written < buffer.Length)
            {
                if (_pendingStart == _pendingEnd)
                {
                    if (_next > count)
                    {
                        break;
                    }
                    _pendingStart = 0;
                    _pendingEnd = Encoding.UTF8.GetBytes(
                        $"{{\"reference\":\"ONSS-RSS-{_next++:D7}\",\"titleKind\":\"Contrainte\",\"issueDate\":\"2026-01-01\"}}\n", _pending);
                }
                var n = Math.Min(buffer.Length - written, _pendingEnd - _pendingStart);
                _pending.AsSpan(_pendingStart, n).CopyTo(buffer[written..]);
                _pendingStart += n;
                written += n;
            }
            Bytes += written;
            return written;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
