using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using P4Orleans.Domain.Orleans;
using P4Orleans.Grains;

namespace P4Orleans.Api.Audit;

/// <summary>
/// One audit entry: who, in which role, did what to which resource and dossier, when, with what outcome; and, for a
/// change of rights, the details (JSON text: what was before and after). Details never hold personal data.
/// </summary>
public sealed record AuditEntry(
    DateTimeOffset At, Guid? UserId, string? Role, string Action, string? Resource, string? DossierId, string Outcome, string? RequestId,
    string? Details = null);

/// <summary>An entry as stored, with its place in the chain.</summary>
public sealed record StoredAuditEntry(long Seq, AuditEntry Entry, string Hash);

/// <summary>
/// Appends to the hash-chained audit log. Entries of concurrent requests are written together in one
/// transaction (group commit); each caller's task completes only once its entry is committed, so a
/// response never leaves before its audit entry is durable.
/// </summary>
public sealed class AuditLog : IAsyncDisposable
{
    private const int MaxBatch = 500;
    private readonly NpgsqlDataSource _db;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditLog> _logger;
    private readonly PlatformMetrics _metrics;
    private readonly Channel<(AuditEntry Entry, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(AuditEntry, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public AuditLog(NpgsqlDataSource db, [FromKeyedServices(PlatformClock.Key)] TimeProvider time, PlatformMetrics metrics, ILogger<AuditLog> logger)
    {
        _metrics = metrics;
        _db = db;
        _time = time;
        _logger = logger;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Now, truncated to the microsecond PostgreSQL keeps (the hash covers the stored value).</summary>
    public DateTimeOffset Now() => Truncate(_time.GetUtcNow());

    /// <summary>An instant truncated to the microsecond PostgreSQL keeps.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset instant) => new(instant.UtcTicks - (instant.UtcTicks % 10), TimeSpan.Zero);

    /// <summary>
    /// Appends entries inside the caller's transaction, so that a change and its audit entry commit together or not
    /// at all (the registry's changes of rights). The chain's head is locked until that transaction ends.
    /// </summary>
    public static async Task AppendInTransactionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AuditEntry> entries,
        CancellationToken cancellationToken)
    {
        await using var cmd = AppendCommand(entries);
        cmd.Connection = connection;
        cmd.Transaction = transaction;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Appends an entry; completes when it is committed.</summary>
    public Task AppendAsync(AuditEntry entry)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((entry, done)))
        {
            done.SetException(new InvalidOperationException("The audit log is closed."));
        }
        return done.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<(AuditEntry Entry, TaskCompletionSource Done)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            try
            {
                await WriteAsync(batch);
                _metrics.AuditAppended(batch.Count);
                batch.ForEach(b => b.Done.TrySetResult());
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Writing {Count} audit entries failed", batch.Count);
                batch.ForEach(b => b.Done.TrySetException(e));
            }
        }
    }

    private async Task WriteAsync(List<(AuditEntry Entry, TaskCompletionSource Done)> batch)
    {
        await using var conn = await _db.OpenConnectionAsync();
        await using var cmd = AppendCommand([.. batch.Select(b => b.Entry)]);
        cmd.Connection = conn;
        await cmd.ExecuteNonQueryAsync();
    }

    private static NpgsqlCommand AppendCommand(IReadOnlyList<AuditEntry> e)
    {
        var cmd = new NpgsqlCommand("SELECT audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = e.Select(x => x.At).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = e.Select(x => x.UserId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        foreach (var column in new Func<AuditEntry, string?>[]
                 { x => x.Role, x => x.Action, x => x.Resource, x => x.DossierId, x => x.Outcome, x => x.RequestId, x => x.Details })
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = e.Select(column).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        }
        return cmd;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }
}
