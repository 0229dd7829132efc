using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using P4Orleans.Grains;
using P4Orleans.Silo.Hosting;
using P4Orleans.Silo.Runtime;

namespace P4Orleans.Silo.Reminders;

/// <summary>
/// Fires due reminders. Any number of nodes poll at once: each claims a batch with
/// <c>FOR UPDATE SKIP LOCKED</c> into a short lease, then fires each as a turn of its grain, which
/// re-checks the reminder under the grain's lock (so a duplicate claim is absorbed).
/// </summary>
public sealed class ReminderService(
    NpgsqlDataSource db, GrainRuntime runtime, TimeProvider time, IOptions<SiloOptions> options, ILogger<ReminderService> logger)
    : BackgroundService
{
    private const string ClaimSql = """
        WITH due AS (
            SELECT grain_type, grain_id, name FROM reminders
            WHERE due_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
            ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED)
        UPDATE reminders r SET lease_until = $3, lease_owner = $4
        FROM due WHERE r.grain_type = due.grain_type AND r.grain_id = due.grain_id AND r.name = due.name
        RETURNING r.grain_type, r.grain_id, r.name, r.due_at
        """;

    private readonly SiloOptions _options = options.Value;

    /// <summary>Wakes the poller before its next scheduled poll.</summary>
    public WakeSignal Wake { get; } = new();

    /// <summary>Claims and fires everything due now; returns how many reminders were taken.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var claimed = await ClaimAsync(cancellationToken);
            total += claimed.Count;
            await Parallel.ForEachAsync(claimed,
                new ParallelOptions { MaxDegreeOfParallelism = _options.DeliveryConcurrency, CancellationToken = cancellationToken },
                async (r, _) =>
                {
                    try
                    {
                        await runtime.FireReminderAsync(r.Grain, r.Name, r.DueAt);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // The lease lapses and another poll retries it.
                        logger.LogError(e, "Reminder {Reminder} of {GrainType} failed", r.Name, r.Grain.Type);
                    }
                });
            if (claimed.Count < _options.ClaimBatchSize)
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
                await Wake.WaitAsync(_options.ReminderPollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Reminder poll failed");
                await Task.Delay(_options.ReminderPollInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<List<(GrainId Grain, string Name, DateTimeOffset DueAt)>> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(ClaimSql, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        cmd.Parameters.Add(new NpgsqlParameter { Value = _options.ClaimBatchSize });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now + _options.ClaimLease });
        cmd.Parameters.Add(new NpgsqlParameter { Value = _options.EffectiveNodeId });
        var list = new List<(GrainId, string, DateTimeOffset)>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add((new GrainId(reader.GetString(0), reader.GetString(1)), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }
        return list;
    }
}
