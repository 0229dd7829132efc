using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using P4Orleans.Contracts;
using P4Orleans.Domain;

namespace P4Orleans.Recovery.Dispatch;

/// <summary>
/// The dispatcher of one arrondissement (key: its id, or <see cref="DispatchQueries.NoArrondissement"/>). One
/// activation in the cluster runs one batch at a time, so loads it reads and counts are never shared with
/// another decision maker: two silos cannot give one office's last free slot to two dossiers. Decisions are
/// deterministic (<see cref="DispatchPolicy"/>) and explained in each dossier's journal.
/// </summary>
[Reentrant]
public sealed class DispatcherGrain(DispatchQueries queries, DispatchOptions options, ILogger<DispatcherGrain> logger) : Grain, IDispatcherGrain
{
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <inheritdoc />
    public async Task<DispatchResult> DispatchAsync(int max)
    {
        // Reentrant so that a long batch does not time out callers queued behind it; the semaphore keeps one batch at a time.
        await _one.WaitAsync();
        try
        {
            return await BatchAsync(Math.Clamp(max, 1, options.BatchSize));
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<DispatchResult> BatchAsync(int max)
    {
        var arrondissement = this.GetPrimaryKeyString();
        var waiting = await queries.WaitingAsync(arrondissement, max, CancellationToken.None);
        if (waiting.Count == 0)
        {
            return DispatchResult.None;
        }

        var candidates = arrondissement == DispatchQueries.NoArrondissement ? [] : await queries.OfficesAsync(arrondissement, CancellationToken.None);
        var target = arrondissement == DispatchQueries.NoArrondissement ? null : arrondissement;
        var work = new List<(string DossierId, DispatchDecision Decision)>(waiting.Count);
        foreach (var (dossierId, excluded) in waiting)
        {
            var decision = DispatchPolicy.Choose(target, candidates, excluded);
            if (decision.OfficeId is { } chosen)
            {
                // Count it at once, so the next dossier of this batch sees the new load.
                var index = candidates.FindIndex(c => c.OfficeId == chosen);
                candidates[index] = candidates[index] with { Load = candidates[index].Load + 1 };
            }

            work.Add((dossierId, decision));
        }

        int assigned = 0, manual = 0, failed = 0;
        // The calls stay on this activation's scheduler: a grain's runtime services are only reachable from there.
        var factory = GrainFactory;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, TaskScheduler = TaskScheduler.Current };
        await Parallel.ForEachAsync(work, parallel, async (item, _) =>
        {
            var dossier = factory.GetGrain<IDossierGrain>(item.DossierId);
            try
            {
                if (item.Decision.OfficeId is { } office)
                {
                    await dossier.AssignAsync(office, item.Decision.Explanation);
                    Interlocked.Increment(ref assigned);
                }
                else
                {
                    await dossier.RequireManualDecisionAsync(item.Decision.Explanation);
                    Interlocked.Increment(ref manual);
                }
            }
            catch (DomainException e)
            {
                // The dossier moved on since it was read (withdrawn, say): nothing to dispatch.
                logger.LogInformation("Dossier not dispatched: {Reason}", e.GetType().Name);
                Interlocked.Increment(ref failed);
            }
        });
        return new DispatchResult(assigned, manual, failed);
    }
}
