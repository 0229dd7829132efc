using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using P4Orleans.Silo.Hosting;

namespace P4Orleans.Silo.Runtime;

/// <summary>
/// The loop shared by the reminder poller and the message pump: claim a batch of due rows into a lease
/// (<c>FOR UPDATE SKIP LOCKED</c>, so any number of nodes poll at once), deliver each as a turn with bounded
/// parallelism, go on while batches come full, then sleep until the next poll or a wake-up.
/// </summary>
public abstract class LeasedPoller<TItem>(NpgsqlDataSource db, TimeProvider time, SiloOptions options, ILogger logger) : BackgroundService
{
    /// <summary>Wakes the poller before its next scheduled poll.</summary>
    public WakeSignal Wake { get; } = new();

    /// <summary>The claim statement: $1 now, $2 batch size, $3 lease end, $4 node id.</summary>
    protected abstract string ClaimSql { get; }

    protected abstract TimeSpan PollInterval { get; }

    protected TimeProvider Time => time;

    protected NpgsqlDataSource Database => db;

    protected SiloOptions Options => options;

    protected abstract TItem Read(NpgsqlDataReader reader);

    /// <summary>Delivers one claimed item as a turn; a failure leaves the item to a later poll.</summary>
    protected abstract Task DeliverAsync(TItem item, CancellationToken cancellationToken);

    /// <summary>Claims and delivers everything due now; returns how many items were taken.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var claimed = await ClaimAsync(cancellationToken);
            total += claimed.Count;
            await Parallel.ForEachAsync(claimed,
                new ParallelOptions { MaxDegreeOfParallelism = options.DeliveryConcurrency, CancellationToken = cancellationToken },
                async (item, ct) => await DeliverAsync(item, ct));
            if (claimed.Count < options.ClaimBatchSize)
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
                await PollOnceAsync(stoppingToken);
                await Wake.WaitAsync(PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "{Poller} poll failed", GetType().Name);
                await Task.Delay(PollInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<List<TItem>> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(ClaimSql, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        cmd.Parameters.Add(new NpgsqlParameter { Value = options.ClaimBatchSize });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now + options.ClaimLease });
        cmd.Parameters.Add(new NpgsqlParameter { Value = options.EffectiveNodeId });
        var list = new List<TItem>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader));
        }
        return list;
    }
}
