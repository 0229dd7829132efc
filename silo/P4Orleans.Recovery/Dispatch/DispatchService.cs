using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using P4Orleans.Contracts;

namespace P4Orleans.Recovery.Dispatch;

/// <summary>Settings of the batch dispatcher (section <c>Dispatch</c>).</summary>
public sealed class DispatchOptions
{
    /// <summary>How often the dispatcher looks for dossiers awaiting dispatch when nothing wakes it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many dossiers one batch takes.</summary>
    [Range(1, 1_000_000)]
    public int BatchSize { get; set; } = 5_000;

    /// <summary>How many assignment turns run at once.</summary>
    [Range(1, 10_000)]
    public int Concurrency { get; set; } = 32;
}

/// <summary>
/// Dispatches in batches on silo nodes, never per HTTP request: it finds the arrondissements with dossiers awaiting
/// dispatch (SQL on the dossiers' indexed columns) and asks each arrondissement's <see cref="IDispatcherGrain"/>,
/// the single writer of that arrondissement's assignments, to dispatch a batch. Every silo runs this loop; the
/// dispatcher grains make it safe.
/// </summary>
public sealed class DispatchService(
    DispatchQueries queries, IGrainFactory grains, DispatchOptions options, ILogger<DispatchService> logger) : BackgroundService
{
    /// <summary>Statuses in which a dossier counts in its office's load.</summary>
    public static readonly string[] OpenStatuses =
    [
        nameof(DossierStatus.Assigned), nameof(DossierStatus.Accepted), nameof(DossierStatus.Served), nameof(DossierStatus.Executable),
        nameof(DossierStatus.Opposed), nameof(DossierStatus.Seizure), nameof(DossierStatus.PaymentPlan),
    ];

    /// <summary>The most dossiers one dispatcher call takes (a call must end well within Orleans' 30 s response timeout).</summary>
    public const int MaxPerCall = 500;

    /// <summary>Wakes the dispatcher before its next scheduled look.</summary>
    public WakeSignal Wake { get; } = new();

    /// <summary>Dispatches until nothing awaits dispatch (or nothing more can be done); returns the totals.</summary>
    public async Task<DispatchResult> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        // One call dispatches a bounded batch, well inside Orleans' response timeout; the loop takes the next one.
        var perCall = Math.Min(options.BatchSize, MaxPerCall);
        var total = DispatchResult.None;
        while (!cancellationToken.IsCancellationRequested)
        {
            var arrondissements = await queries.ArrondissementsWaitingAsync(cancellationToken);
            var results = await Task.WhenAll(arrondissements.Select(a => grains.GetGrain<IDispatcherGrain>(a).DispatchAsync(perCall)));
            var round = results.Aggregate(DispatchResult.None, (a, b) => a.Add(b));
            total = total.Add(round);
            if (round.Assigned + round.ManualDecisions == 0 || results.All(r => r.Assigned + r.ManualDecisions + r.Failed < perCall))
            {
                break;
            }
        }

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var done = await RunOnceAsync(stoppingToken);
                if (done.Assigned + done.ManualDecisions > 0)
                {
                    logger.LogInformation("Dispatched {Assigned} dossiers, {Manual} to a manual decision", done.Assigned, done.ManualDecisions);
                }

                await Wake.WaitAsync(options.Interval, TimeProvider.System, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogWarning("Dispatch round failed ({Error})", e.GetType().Name);
                await Task.Delay(options.Interval, TimeProvider.System, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
