using System.Diagnostics;

namespace P4Orleans.Bench.Harness;

/// <summary>
/// Closed-loop load: <c>callers</c> tasks each run the operation back to back for a fixed duration
/// (caller <c>i</c> passes <c>i</c> to the operation, so each can own its grain or row), and every
/// operation's latency is recorded. Bounded by the duration and by an operation cap per caller.
/// </summary>
public static class LoadRunner
{
    private const int MaxOperationsPerCaller = 5_000_000;

    public static async Task<LoadResult> RunAsync(int callers, TimeSpan duration, Func<int, CancellationToken, Task> operation,
        CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var tasks = Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var latencies = new List<long>(4096);
            for (var n = 0; n < MaxOperationsPerCaller && !cancellationToken.IsCancellationRequested; n++)
            {
                var before = Stopwatch.GetTimestamp();
                if (before >= end)
                {
                    break;
                }
                await operation(caller, cancellationToken);
                latencies.Add(Stopwatch.GetTimestamp() - before);
            }
            return latencies;
        }, cancellationToken)).ToArray();
        var perCaller = await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(start);
        cancellationToken.ThrowIfCancellationRequested();
        return new LoadResult(perCaller.SelectMany(l => l).ToArray(), elapsed);
    }
}

/// <summary>The latencies (Stopwatch ticks) of the operations of one or more slices, and their wall time.</summary>
public sealed class LoadResult(long[] latencies, TimeSpan elapsed)
{
    private readonly long[] _latencies = latencies;
    private long[]? _sorted;

    public long Operations => _latencies.LongLength;
    public TimeSpan Elapsed { get; } = elapsed;
    public double PerSecond => Operations / Elapsed.TotalSeconds;

    /// <summary>Nearest-rank percentile (0-100) of the latencies, in milliseconds.</summary>
    public double PercentileMs(double percentile)
    {
        _sorted ??= _latencies.Order().ToArray();
        if (_sorted.Length == 0)
        {
            return double.NaN;
        }
        var index = (int)Math.Clamp(Math.Ceiling(percentile / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1);
        return _sorted[index] * 1000.0 / Stopwatch.Frequency;
    }

    /// <summary>Slices measured one after another, as if one measurement of their summed time.</summary>
    public static LoadResult Combine(IEnumerable<LoadResult> slices)
    {
        var list = slices.ToList();
        return new LoadResult(list.SelectMany(s => s._latencies).ToArray(), TimeSpan.FromTicks(list.Sum(s => s.Elapsed.Ticks)));
    }
}
