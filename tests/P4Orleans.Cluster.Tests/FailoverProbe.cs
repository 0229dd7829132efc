using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace P4Orleans.Cluster.Tests;

/// <summary>When each grain first answered after a moment (the kill), and how many answered a later call than the first.</summary>
public sealed record FailoverResult(int Grains, int RetriedGrains, TimeSpan Median, TimeSpan Slowest, IReadOnlyList<string> NeverAnswered)
{
    public override string ToString() =>
        $"{Grains} grains read, {RetriedGrains} answered a second or later call, not the first; first answers: median {Median.TotalMilliseconds:F0} ms, "
        + $"slowest {Slowest.TotalMilliseconds:F0} ms" + (NeverAnswered.Count > 0 ? $"; never answered: {NeverAnswered.Count}" : "");
}

/// <summary>
/// Reads every grain of the test (dossiers and offices, through the api-only node) until each has answered 200
/// once. Run right after the kill, the slowest first answer bounds the time the dead silo's grains took to answer
/// from the survivor: which grains lived on the dead silo is not visible from outside, so all are read.
/// A call that fails is made again at once; a call that hangs (held for the dead silo) gets a second and a
/// third call beside it, every <see cref="Hedge"/>, without being cut short: a slow answer of a busy machine
/// still counts when it comes, and a call the dead silo holds does not hide the survivor's answer.
/// </summary>
public static class FailoverProbe
{
    private static readonly TimeSpan Hedge = TimeSpan.FromMilliseconds(200);
    private const int MaxCallsPerGrain = 3;

    public static async Task<FailoverResult> MeasureAsync(HttpClient client, IReadOnlyCollection<string> paths, Stopwatch since, TimeSpan bound,
        CancellationToken ct)
    {
        var firstAnswer = new ConcurrentDictionary<string, TimeSpan>();
        var retried = 0;
        await Task.WhenAll(paths.Select(async path =>
        {
            if (await FirstAnswerAsync(client, path, since, bound, ct) is { } answer)
            {
                firstAnswer[path] = answer.At;
                if (answer.Call > 1)
                {
                    Interlocked.Increment(ref retried);
                }
            }
        }));
        var times = firstAnswer.Values.Order().ToList();
        return new FailoverResult(paths.Count, retried, times.Count > 0 ? times[times.Count / 2] : TimeSpan.Zero,
            times.Count > 0 ? times[^1] : TimeSpan.Zero, [.. paths.Where(p => !firstAnswer.ContainsKey(p))]);
    }

    /// <summary>When the grain first answered, and which call (1 for the first) brought the answer; null if it never did.</summary>
    private static async Task<(TimeSpan At, int Call)?> FirstAnswerAsync(HttpClient client, string path, Stopwatch since, TimeSpan bound,
        CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var answered = new TaskCompletionSource<(TimeSpan At, int Call)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new List<Task<bool>>();
        var calls = 0;
        while (!answered.Task.IsCompleted && since.Elapsed < bound)
        {
            running.RemoveAll(t => t.IsCompleted);
            if (running.Count < MaxCallsPerGrain)
            {
                calls++;
                running.Add(CallAsync(client, path, calls, since, answered, stop.Token));
            }
            // Wake at the first answer, at a failed call (to call again at once), or at the next hedge.
            var woke = await Task.WhenAny([answered.Task, Task.Delay(Hedge, ct), .. running]);
            if (woke is Task<bool> { IsCompletedSuccessfully: true, Result: false })
            {
                // A refusal comes back at once: a breath before the next call keeps the probe from spinning.
                await Task.Delay(20, ct);
            }
        }
        await stop.CancelAsync();
        await Task.WhenAll(running);
        return answered.Task.IsCompletedSuccessfully ? answered.Task.Result : null;
    }

    private static async Task<bool> CallAsync(HttpClient client, string path, int call, Stopwatch since,
        TaskCompletionSource<(TimeSpan At, int Call)> answered, CancellationToken ct)
    {
        try
        {
            using var response = await client.GetAsync(path, ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }
            answered.TrySetResult((since.Elapsed, call));
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return false;
        }
    }
}
