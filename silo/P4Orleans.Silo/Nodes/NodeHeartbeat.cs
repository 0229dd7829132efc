using System.Reflection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using P4Orleans.Silo.Hosting;
using P4Orleans.Silo.Runtime;

namespace P4Orleans.Silo.Nodes;

/// <summary>
/// Writes this node's row in <c>nodes</c> (id, role, version, start, last beat, in-flight work, counters,
/// reminder lateness) so ops can see the cluster, and does the node's housekeeping on each beat: drop
/// idle activations, and (silo nodes) forget delivered message ids past their retention.
/// </summary>
public sealed class NodeHeartbeat(
    NpgsqlDataSource db, GrainRuntime runtime, TimeProvider time, IOptions<SiloOptions> options, ILogger<NodeHeartbeat> logger)
    : BackgroundService
{
    private const string BeatSql = """
        INSERT INTO nodes (node_id, role, version, host_name, pid, started_at, last_beat, in_flight, turns_total,
                           reminders_fired, messages_delivered, reminder_lateness_p50_ms, reminder_lateness_p99_ms)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
        ON CONFLICT (node_id) DO UPDATE SET role = EXCLUDED.role, version = EXCLUDED.version, last_beat = EXCLUDED.last_beat,
            started_at = EXCLUDED.started_at, stopped_at = NULL, in_flight = EXCLUDED.in_flight, turns_total = EXCLUDED.turns_total,
            reminders_fired = EXCLUDED.reminders_fired, messages_delivered = EXCLUDED.messages_delivered,
            reminder_lateness_p50_ms = EXCLUDED.reminder_lateness_p50_ms, reminder_lateness_p99_ms = EXCLUDED.reminder_lateness_p99_ms
        """;

    private readonly SiloOptions _options = options.Value;
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    /// <summary>The version string written in the heartbeat.</summary>
    public static string Version { get; } =
        typeof(NodeHeartbeat).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>Writes one beat now.</summary>
    public async Task BeatAsync(CancellationToken cancellationToken = default)
    {
        var m = runtime.Metrics;
        await using var cmd = db.CreateCommand(BeatSql);
        object?[] values =
        [
            _options.EffectiveNodeId, _options.Role.ToString(), Version, Environment.MachineName, Environment.ProcessId,
            _startedAt, time.GetUtcNow(), (int)m.InFlight, m.Turns, m.RemindersFired, m.MessagesDelivered,
            m.LatenessPercentile(50), m.LatenessPercentile(99),
        ];
        foreach (var v in values)
        {
            cmd.Parameters.Add(v is null ? new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double, Value = DBNull.Value } : new NpgsqlParameter { Value = v });
        }
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BeatAsync(stoppingToken);
                runtime.CollectIdleActivations();
                if (_options.Role.HasFlag(NodeRole.Silo))
                {
                    await ForgetOldInboxAsync(stoppingToken);
                }
                await Task.Delay(_options.HeartbeatInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (NpgsqlException e)
            {
                logger.LogWarning(e, "Heartbeat failed");
                await Task.Delay(_options.HeartbeatInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        try
        {
            await using var stop = db.CreateCommand("UPDATE nodes SET stopped_at = $2, in_flight = 0 WHERE node_id = $1");
            stop.Parameters.Add(new NpgsqlParameter { Value = _options.EffectiveNodeId });
            stop.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
            await stop.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException e)
        {
            logger.LogWarning(e, "Could not record the node's stop");
        }
    }

    private async Task ForgetOldInboxAsync(CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            "DELETE FROM inbox WHERE ctid = ANY (ARRAY(SELECT ctid FROM inbox WHERE received_at < $1 LIMIT 10000))");
        cmd.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() - _options.InboxRetention });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
