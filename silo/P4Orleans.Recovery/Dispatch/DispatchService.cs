using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Grains;
using P4Orleans.Silo.Runtime;

namespace P4Orleans.Recovery.Dispatch;

/// <summary>Settings of the batch dispatcher (section <c>Dispatch</c>).</summary>
public sealed class DispatchOptions
{
    /// <summary>How often the dispatcher looks for dossiers awaiting dispatch when nothing wakes it.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many dossiers one batch takes.</summary>
    public int BatchSize { get; set; } = 5_000;

    /// <summary>How many assignment turns run at once.</summary>
    public int Concurrency { get; set; } = 32;
}

/// <summary>The outcome of one dispatch batch.</summary>
public sealed record DispatchBatch(int Assigned, int ManualDecisions, int Failed);

/// <summary>
/// Dispatches in batches on silo nodes, never per HTTP request. One node at a time holds the dispatch
/// lock (a session advisory lock); it reads the dossiers awaiting dispatch and the offices with SQL on
/// the grains' indexed columns, the load of each office being its open dossiers (counted from the
/// dossiers' own rows, so it is never stale), chooses with <see cref="DispatchPolicy"/> (deterministic,
/// explained), and tells each dossier grain its office, or that it needs a manual decision.
/// </summary>
public sealed class DispatchService(
    NpgsqlDataSource db, IGrainFactory grains, TimeProvider time, DispatchOptions options, ILogger<DispatchService> logger) : BackgroundService
{
    private const long LockKey = 0x5034_4469_7370_6174;

    /// <summary>Statuses in which a dossier counts in its office's load.</summary>
    public static readonly string[] OpenStatuses =
    [
        nameof(DossierStatus.Assigned), nameof(DossierStatus.Accepted), nameof(DossierStatus.Served), nameof(DossierStatus.Executable),
        nameof(DossierStatus.Opposed), nameof(DossierStatus.Seizure), nameof(DossierStatus.PaymentPlan),
    ];

    /// <summary>Wakes the dispatcher before its next scheduled look.</summary>
    public WakeSignal Wake { get; } = new();

    /// <summary>Dispatches until nothing awaits dispatch (or another node holds the lock); returns the totals.</summary>
    public async Task<DispatchBatch> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await using var lockConnection = await db.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", lockConnection))
        {
            take.Parameters.Add(new NpgsqlParameter { Value = LockKey });
            if (!(bool)(await take.ExecuteScalarAsync(cancellationToken))!)
            {
                return new DispatchBatch(0, 0, 0);
            }
        }
        try
        {
            var total = new DispatchBatch(0, 0, 0);
            while (!cancellationToken.IsCancellationRequested)
            {
                var batch = await RunBatchAsync(cancellationToken);
                total = new DispatchBatch(total.Assigned + batch.Assigned, total.ManualDecisions + batch.ManualDecisions, total.Failed + batch.Failed);
                if (batch.Assigned + batch.ManualDecisions + batch.Failed < options.BatchSize || batch.Assigned + batch.ManualDecisions == 0)
                {
                    break;
                }
            }
            return total;
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", lockConnection);
            release.Parameters.Add(new NpgsqlParameter { Value = LockKey });
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
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
                await Wake.WaitAsync(options.Interval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogGrainFailure(e, "Dispatch batch", GrainTypes.Dossier);
                await Task.Delay(options.Interval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<DispatchBatch> RunBatchAsync(CancellationToken cancellationToken)
    {
        var waiting = await WaitingAsync(cancellationToken);
        if (waiting.Count == 0)
        {
            return new DispatchBatch(0, 0, 0);
        }
        var offices = await OfficesAsync(cancellationToken);
        var byArrondissement = offices.GroupBy(o => o.ArrondissementId ?? "", StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        var work = new List<(string DossierId, DispatchDecision Decision)>(waiting.Count);
        foreach (var (dossierId, arrondissement, excluded) in waiting)
        {
            var candidates = arrondissement is not null && byArrondissement.TryGetValue(arrondissement, out var list) ? list : [];
            var decision = DispatchPolicy.Choose(arrondissement, candidates, excluded);
            if (decision.OfficeId is { } chosen)
            {
                // Count it at once, so the next dossier of this batch sees the new load.
                var index = candidates.FindIndex(c => c.OfficeId == chosen);
                candidates[index] = candidates[index] with { Load = candidates[index].Load + 1 };
            }
            work.Add((dossierId, decision));
        }
        int assigned = 0, manual = 0, failed = 0;
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
            async (item, _) =>
            {
                var dossier = grains.GetGrain<IDossierGrain>(item.DossierId);
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
                    logger.LogInformation("Dossier {DossierId} not dispatched: {Reason}", item.DossierId, e.GetType().Name);
                    Interlocked.Increment(ref failed);
                }
            });
        return new DispatchBatch(assigned, manual, failed);
    }

    // The batch is chosen on indexed columns first; only its own rows' state is read (not every waiting dossier's).
    private async Task<List<(string DossierId, string? Arrondissement, List<string> Excluded)>> WaitingAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT g.grain_id, g.idx_group, coalesce(g.state -> 'excludedOfficeIds', '[]'::jsonb)::text
            FROM (SELECT grain_id, updated_at FROM grain_state WHERE grain_type = $1 AND idx_status = $2
                  ORDER BY updated_at, grain_id LIMIT $3) w
            JOIN grain_state g ON g.grain_type = $1 AND g.grain_id = w.grain_id
            ORDER BY w.updated_at, w.grain_id
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = GrainTypes.Dossier });
        cmd.Parameters.Add(new NpgsqlParameter { Value = nameof(DossierStatus.AwaitingDispatch) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = options.BatchSize });
        var list = new List<(string, string?, List<string>)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add((r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1),
                System.Text.Json.JsonSerializer.Deserialize<List<string>>(r.GetString(2)) ?? []));
        }
        return list;
    }

    private async Task<List<DispatchCandidate>> OfficesAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            WITH load AS (
                SELECT idx_owner AS office, count(*)::int AS open FROM grain_state
                WHERE grain_type = $2 AND idx_owner IS NOT NULL AND idx_status = ANY($3) GROUP BY idx_owner)
            SELECT b.grain_id, b.idx_status, b.idx_group, coalesce((b.state ->> 'capacity')::int, 0), coalesce(load.open, 0)
            FROM grain_state b LEFT JOIN load ON load.office = b.grain_id
            WHERE b.grain_type = $1 AND b.state IS NOT NULL
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = GrainTypes.Bailiff });
        cmd.Parameters.Add(new NpgsqlParameter { Value = GrainTypes.Dossier });
        cmd.Parameters.Add(new NpgsqlParameter { Value = OpenStatuses });
        var list = new List<DispatchCandidate>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            if (Enum.TryParse<BailiffStatus>(r.IsDBNull(1) ? "" : r.GetString(1), out var status))
            {
                list.Add(new DispatchCandidate(r.GetString(0), status, r.GetInt32(4), r.GetInt32(3), r.IsDBNull(2) ? null : r.GetString(2)));
            }
        }
        return list;
    }
}
