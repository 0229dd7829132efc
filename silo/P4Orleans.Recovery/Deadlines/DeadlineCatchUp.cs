using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using P4Orleans.Contracts;
using P4Orleans.Domain.Orleans;
using P4Orleans.Grains;
using P4Orleans.Recovery.Hosting;

namespace P4Orleans.Recovery.Deadlines;

/// <summary>
/// Orleans skips reminder ticks missed while the cluster was down, and bulk intake and the upgrade from the first
/// release write dossiers without a reminder. So every silo, at start and then every
/// <see cref="PlatformClusterOptions.CatchUpPeriod"/>, finds the dossiers whose earliest pending deadline has
/// passed (the indexed column <c>next_due_at</c>, by the platform clock) and wakes them. A wake is idempotent and
/// re-checks the state, so two silos waking the same dossier apply its deadline once; a deadline is late by at
/// most the catch-up period after any outage, never early.
/// </summary>
public sealed class DeadlineCatchUp(
    NpgsqlDataSource db,
    IGrainFactory grains,
    PlatformClusterOptions options,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider time,
    PlatformMetrics metrics,
    ILogger<DeadlineCatchUp> logger) : BackgroundService
{
    private const int Batch = 5_000;
    private long _woken;
    private long _runs;

    /// <summary>Dossiers woken since start (a metric for ops).</summary>
    public long Woken => Interlocked.Read(ref _woken);

    /// <summary>Catch-up rounds run since start.</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Wakes every overdue dossier once; returns how many deadlines were applied.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _runs);
        var applied = 0;
        var after = (Due: DateTimeOffset.MinValue, Key: "");
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await OverdueAsync(after, cancellationToken);
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = options.CatchUpConcurrency, CancellationToken = cancellationToken },
                async (item, _) =>
                {
                    try
                    {
                        Interlocked.Add(ref applied, await grains.GetGrain<IDossierGrain>(item.Key).WakeAsync());
                        Interlocked.Increment(ref _woken);
                        metrics.CatchUpWakeUps(1);
                    }
                    catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                    {
                        // One dossier's failure never stops the others; its reminder or the next round retries it.
                        logger.LogWarning("Catch-up wake failed ({Error})", e.GetType().Name);
                    }
                });
            if (batch.Count < Batch)
            {
                break;
            }

            after = batch[^1];
        }

        return applied;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var applied = await RunOnceAsync(stoppingToken);
                if (applied > 0)
                {
                    logger.LogInformation("Catch-up applied {Count} overdue deadlines", applied);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogWarning("Catch-up round failed ({Error}); next round in {Period}", e.GetType().Name, options.CatchUpPeriod);
            }

            try
            {
                await Task.Delay(options.CatchUpPeriod, TimeProvider.System, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<List<(DateTimeOffset Due, string Key)>> OverdueAsync((DateTimeOffset Due, string Key) after, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT next_due_at, grain_key FROM orleans_grain_state
            WHERE service_id = $1 AND state_name = $2 AND next_due_at <= $3 AND (next_due_at, grain_key) > ($4, $5)
            ORDER BY next_due_at, grain_key LIMIT $6
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = options.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = GrainTypes.Dossier });
        cmd.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = after.Due == DateTimeOffset.MinValue ? DateTimeOffset.UnixEpoch.AddYears(-100) : after.Due });
        cmd.Parameters.Add(new NpgsqlParameter { Value = after.Key });
        cmd.Parameters.Add(new NpgsqlParameter { Value = Batch });
        var list = new List<(DateTimeOffset, string)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add((r.GetFieldValue<DateTimeOffset>(0), r.GetString(1)));
        }

        return list;
    }
}
