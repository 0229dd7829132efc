using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using P4Orleans.Grains;
using P4Orleans.Silo.Hosting;
using P4Orleans.Silo.Runtime;

namespace P4Orleans.Silo.Messaging;

/// <summary>
/// Delivers grain-to-grain messages from the outbox: claims a batch with <c>FOR UPDATE SKIP LOCKED</c>
/// into a lease, delivers each as a turn of its target (applied once: the inbox remembers its id),
/// retries failures with a growing delay, and sets a message aside as dead after too many attempts.
/// </summary>
public sealed class MessagePump(
    NpgsqlDataSource db, GrainRuntime runtime, TimeProvider time, IOptions<SiloOptions> options, ILogger<MessagePump> logger)
    : BackgroundService
{
    private const string ClaimSql = """
        WITH ready AS (
            SELECT id FROM outbox
            WHERE NOT dead AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
            ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
        UPDATE outbox o SET lease_until = $3, lease_owner = $4
        FROM ready WHERE o.id = ready.id
        RETURNING o.id, o.target_type, o.target_id
        """;

    private const string FailedSql = """
        UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2 + least(600, power(2, attempts)) * interval '1 second', lease_until = NULL, lease_owner = NULL,
            last_error = $3, dead = attempts + 1 >= $4
        WHERE id = $1
        """;

    private readonly SiloOptions _options = options.Value;

    /// <summary>Wakes the pump before its next scheduled poll.</summary>
    public WakeSignal Wake { get; } = new();

    /// <summary>Claims and delivers everything ready now; returns how many messages were taken.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var claimed = await ClaimAsync(cancellationToken);
            total += claimed.Count;
            await Parallel.ForEachAsync(claimed,
                new ParallelOptions { MaxDegreeOfParallelism = _options.DeliveryConcurrency, CancellationToken = cancellationToken },
                async (m, ct) =>
                {
                    try
                    {
                        await runtime.DeliverMessageAsync(m.Id, m.Target);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.LogError(e, "Message {MessageId} to {GrainType} failed", m.Id, m.Target.Type);
                        await RecordFailureAsync(m.Id, e, ct);
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
                await Wake.WaitAsync(_options.MessagePollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Message poll failed");
                await Task.Delay(_options.MessagePollInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task RecordFailureAsync(Guid id, Exception error, CancellationToken cancellationToken)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(FailedSql, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        // Back off 1 s, 2 s, 4 s, ... capped at 10 minutes; keep the error's type only (its text may hold personal data).
        cmd.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = error.GetType().FullName ?? "error" });
        cmd.Parameters.Add(new NpgsqlParameter { Value = _options.MaxDeliveryAttempts });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<List<(Guid Id, GrainId Target)>> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(ClaimSql, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        cmd.Parameters.Add(new NpgsqlParameter { Value = _options.ClaimBatchSize });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now + _options.ClaimLease });
        cmd.Parameters.Add(new NpgsqlParameter { Value = _options.EffectiveNodeId });
        var list = new List<(Guid, GrainId)>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add((reader.GetGuid(0), new GrainId(reader.GetString(1), reader.GetString(2))));
        }
        return list;
    }
}
