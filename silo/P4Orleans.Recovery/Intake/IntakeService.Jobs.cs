using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using P4Orleans.Contracts;

namespace P4Orleans.Recovery.Intake;

// Bulk jobs: their rows, their lines read back, their heartbeat, and the jobs of nodes that died.
public sealed partial class IntakeService
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, byte> _running = new();

    private const string JobColumns = "id, status, lines_read, accepted, duplicates, rejected, started_at, finished_at, reason";

    /// <summary>
    /// Creates a running job owned by this node. A caller already running <see cref="IntakeOptions.MaxConcurrentJobsPerCaller"/>
    /// jobs (on any node: the count is read from the table under a lock of the caller's) gets <see cref="IntakeJobLimitException"/>.
    /// </summary>
    public async Task<IntakeJob> StartJobAsync(Guid? submittedBy, CancellationToken cancellationToken)
    {
        var job = new IntakeJob(Guid.CreateVersion7(), IntakeJobStatus.Running, 0, 0, 0, 0, time.GetUtcNow(), null);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        if (submittedBy is { } caller && limits.MaxConcurrentJobsPerCaller > 0)
        {
            // Two requests of one caller on two nodes take this lock in turn, so neither counts before the other's insert.
            await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('intake-jobs:' || $1::text, 0))", conn, tx))
            {
                lockCmd.Parameters.Add(new NpgsqlParameter { Value = caller });
                await lockCmd.ExecuteNonQueryAsync(cancellationToken);
            }
            await using var check = new NpgsqlCommand("SELECT count(*) FROM intake_jobs WHERE status = 'running' AND submitted_by = $1", conn, tx);
            check.Parameters.Add(new NpgsqlParameter { Value = caller });
            var running = (long)(await check.ExecuteScalarAsync(cancellationToken) ?? 0L);
            if (running >= limits.MaxConcurrentJobsPerCaller)
            {
                throw new IntakeJobLimitException(limits.MaxConcurrentJobsPerCaller);
            }
        }
        await using (var cmd = new NpgsqlCommand("INSERT INTO intake_jobs (id, submitted_by, status, started_at, node_id) VALUES ($1, $2, $3, $4, $5)", conn, tx))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = job.Id });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)submittedBy ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            cmd.Parameters.Add(new NpgsqlParameter { Value = job.Status });
            cmd.Parameters.Add(new NpgsqlParameter { Value = job.StartedAt });
            cmd.Parameters.Add(new NpgsqlParameter { Value = _nodeId });
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        _running[job.Id] = 0;
        return job;
    }

    public async Task<IntakeJob?> FindJobAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand($"SELECT {JobColumns} FROM intake_jobs WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken) ? ReadJob(r) : null;
    }

    /// <summary>A job's line results after line <paramref name="after"/>, in line order, optionally of one outcome.</summary>
    public async Task<IntakeLinePage> LinesAsync(Guid jobId, int after, int limit, LineOutcome? outcome, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("""
            SELECT line, outcome, reference, dossier_id, errors::text FROM intake_job_lines
            WHERE job_id = $1 AND line > $2 AND ($3::text IS NULL OR outcome = $3) ORDER BY line LIMIT $4
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = jobId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = after });
        cmd.Parameters.Add(new NpgsqlParameter { Value = outcome is { } o ? OutcomeName(o) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit + 1 });
        var items = new List<IntakeLineResult>(limit);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var more = false;
        while (await r.ReadAsync(cancellationToken))
        {
            if (items.Count == limit)
            {
                more = true;
                break;
            }
            items.Add(new IntakeLineResult(r.GetInt32(0), r.IsDBNull(2) ? null : r.GetString(2), ParseOutcome(r.GetString(1)),
                r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : JsonSerializer.Deserialize<List<ValidationError>>(r.GetString(4), Json)));
        }
        return new IntakeLinePage(items, more ? items[^1].Line : null);
    }

    /// <summary>
    /// Beats for this node's running jobs, then marks as interrupted the running jobs nobody beat for
    /// <see cref="IntakeOptions.NodeSilence"/> (their node died or restarted), keeping what they committed. Every node
    /// runs this; returns how many it marked.
    /// </summary>
    public async Task<int> MarkInterruptedJobsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var running = _running.Keys.ToArray();
        await using var cmd = db.CreateCommand("""
            WITH beat AS (UPDATE intake_jobs SET heartbeat_at = $1 WHERE id = ANY($2) AND status = 'running')
            UPDATE intake_jobs j SET status = 'interrupted', finished_at = $1,
                reason = 'Its node stopped while the job ran; the counts and lines are what was committed. Resubmit the file: lines already taken in answer duplicate.'
            WHERE j.status = 'running' AND NOT (j.id = ANY($2)) AND coalesce(j.heartbeat_at, j.started_at) < $3
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        cmd.Parameters.Add(new NpgsqlParameter { Value = running });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now - limits.NodeSilence });
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>How many titles a job takes in before the tables' statistics are refreshed at its end.</summary>
    public const int AnalyzeAfter = 1_000;

    /// <summary>
    /// PostgreSQL's advice after a bulk load: ANALYZE the tables the job wrote. The storage's write statement is
    /// prepared once per connection, and planned on statistics from before the COPY (a table then nearly empty) it
    /// found a dossier's row through an index on <c>service_id</c> alone, hundreds of rows a write, until autovacuum
    /// caught up. A failure changes nothing (autovacuum refreshes them later), and a node that stops cancels it.
    /// </summary>
    private async Task RefreshStatisticsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var cmd = db.CreateCommand("ANALYZE orleans_grain_state, journal, timeline, key_date_texts, dossier_keys, dossier_intake");
            cmd.CommandTimeout = 600;
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            // Statistics only: autovacuum's next round refreshes them. The type only: a message may quote data.
            logger.LogWarning("Statistics not refreshed after a bulk job ({Error}); autovacuum will", e.GetType().Name);
        }
    }

    private async Task FinishJobAsync(Guid id, string status, string? reason, CancellationToken cancellationToken)
    {
        _running.TryRemove(id, out _);
        await using var cmd = db.CreateCommand("UPDATE intake_jobs SET status = $2, reason = $3, finished_at = $4 WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = status });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)reason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static IntakeJob ReadJob(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.GetFieldValue<DateTimeOffset>(6),
            r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7), r.IsDBNull(8) ? null : r.GetString(8));

    private static LineOutcome ParseOutcome(string name) => name switch
    {
        "accepted" => LineOutcome.Accepted,
        "duplicate" => LineOutcome.Duplicate,
        _ => LineOutcome.Rejected,
    };
}
