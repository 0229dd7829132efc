using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace P4Orleans.Cluster.Tests;

/// <summary>When each grain first answered after a moment (the kill), and how many needed more than one try.</summary>
public sealed record FailoverResult(int Grains, int RetriedGrains, TimeSpan Median, TimeSpan Slowest, IReadOnlyList<string> NeverAnswered)
{
    public override string ToString() =>
        $"{Grains} grains read, {RetriedGrains} answered only after a failed or timed-out first try; first answers: median {Median.TotalMilliseconds:F0} ms, "
        + $"slowest {Slowest.TotalMilliseconds:F0} ms after the kill" + (NeverAnswered.Count > 0 ? $"; never answered: {NeverAnswered.Count}" : "");
}

/// <summary>
/// Reads every grain of the test (dossiers and offices, through the api-only node) until each has answered
/// 200 once. Run right after the kill, the slowest first answer bounds the time the dead silo's grains took
/// to answer from the survivor: which grains lived on the dead silo is not visible from outside, so all are read.
/// </summary>
public static class FailoverProbe
{
    public static async Task<FailoverResult> MeasureAsync(HttpClient client, IReadOnlyCollection<string> paths, Stopwatch sinceKill, TimeSpan bound,
        CancellationToken ct)
    {
        var firstAnswer = new ConcurrentDictionary<string, TimeSpan>();
        var retried = 0;
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (path, token) =>
        {
            for (var attempt = 0; sinceKill.Elapsed < bound; attempt++)
            {
                if (await AnswersAsync(client, path, token))
                {
                    firstAnswer[path] = sinceKill.Elapsed;
                    if (attempt > 0)
                    {
                        Interlocked.Increment(ref retried);
                    }
                    return;
                }
                // A short pause between tries of one grain, bounded by the probe's own deadline.
                await Task.Delay(20, token);
            }
        });
        var times = firstAnswer.Values.Order().ToList();
        return new FailoverResult(paths.Count, retried, times.Count > 0 ? times[times.Count / 2] : TimeSpan.Zero,
            times.Count > 0 ? times[^1] : TimeSpan.Zero, [.. paths.Where(p => !firstAnswer.ContainsKey(p))]);
    }

    /// <summary>One read with its own short timeout: a call stuck on the dead silo is abandoned and tried again.</summary>
    private static async Task<bool> AnswersAsync(HttpClient client, string path, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(750));
        try
        {
            using var response = await client.GetAsync(path, timeout.Token);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or IOException)
        {
            return false;
        }
    }
}
