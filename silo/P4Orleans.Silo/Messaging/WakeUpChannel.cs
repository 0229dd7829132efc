using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using P4Orleans.Silo.Reminders;
using P4Orleans.Silo.Runtime;

namespace P4Orleans.Silo.Messaging;

/// <summary>
/// Wake-up hints between nodes over LISTEN/NOTIFY. A turn that sent messages wakes this node's pump at
/// once and asks for one NOTIFY; NOTIFYs are coalesced (at most one per 20 ms per node), never one per
/// write. Silo nodes LISTEN and wake their pump. Only a hint: the pumps poll anyway.
/// </summary>
public sealed class WakeUpChannel : BackgroundService
{
    /// <summary>The channel name.</summary>
    public const string Channel = "p4orleans_wake";

    private readonly NpgsqlDataSource _db;
    private readonly MessagePump? _pump;
    private readonly ReminderService? _reminders;
    private readonly ILogger<WakeUpChannel> _logger;
    private readonly TimeProvider _time;
    private readonly WakeSignal _notifyWanted = new();
    private int _pending;

    public WakeUpChannel(NpgsqlDataSource db, GrainRuntime runtime, TimeProvider time, ILogger<WakeUpChannel> logger,
        MessagePump? pump = null, ReminderService? reminders = null)
    {
        _db = db;
        _time = time;
        _pump = pump;
        _reminders = reminders;
        _logger = logger;
        runtime.MessagesSent += OnMessagesSent;
    }

    private void OnMessagesSent()
    {
        _pump?.Wake.Set();
        Interlocked.Exchange(ref _pending, 1);
        _notifyWanted.Set();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(NotifyLoopAsync(stoppingToken), _pump is null ? Task.CompletedTask : ListenLoopAsync(stoppingToken));

    private async Task NotifyLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _notifyWanted.WaitAsync(TimeSpan.FromSeconds(30), _time, stoppingToken);
                if (Interlocked.Exchange(ref _pending, 0) == 1)
                {
                    await using var cmd = _db.CreateCommand("SELECT pg_notify($1, 'outbox')");
                    cmd.Parameters.Add(new NpgsqlParameter { Value = Channel });
                    await cmd.ExecuteNonQueryAsync(stoppingToken);
                    await Task.Delay(20, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException e)
            {
                _logger.LogWarning(e, "Wake-up NOTIFY failed");
            }
        }
    }

    private async Task ListenLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = await _db.OpenConnectionAsync(stoppingToken);
                conn.Notification += (_, e) =>
                {
                    if (e.Payload == "outbox")
                    {
                        _pump?.Wake.Set();
                    }
                    else
                    {
                        _reminders?.Wake.Set();
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", conn))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                while (!stoppingToken.IsCancellationRequested)
                {
                    await conn.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Wake-up LISTEN connection lost; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
