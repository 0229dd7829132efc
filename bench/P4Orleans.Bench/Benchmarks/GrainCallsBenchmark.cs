using Npgsql;
using P4Orleans.Bench.Grains;
using P4Orleans.Bench.Harness;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>
/// Grain write calls per second and their latency at 1, 8 and 32 concurrent callers, next to a bare
/// single-row UPDATE transaction at the same concurrency against the same database, as a ratio.
/// Caller <c>i</c> always calls its own grain <c>caller-i</c> (bare: its own row <c>i</c>), so no
/// caller waits on another's lock: what is measured is the cost of a turn, not contention.
/// </summary>
public sealed class GrainCallsBenchmark : IBenchmark
{
    private static readonly int[] Concurrency = [1, 8, 32];
    private const double TargetRatio = 0.6;

    public string Name => "grain-calls";

    public string Description => "grain write calls vs bare single-row UPDATE transactions, same database, same run";

    public async Task<BenchmarkResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var result = new BenchmarkResult(Name, Description);
        var max = Concurrency.Max();
        await using var silo = BenchSilo.Create(context.Database.ConnectionString, "bench-grain-calls");
        // The bare side gets the statement preparation the host gives itself (MaxAutoPrepare 32 unless set).
        var bareSettings = new NpgsqlConnectionStringBuilder(context.Database.ConnectionString) { ApplicationName = "bench-bare" };
        if (bareSettings.MaxAutoPrepare == 0)
        {
            bareSettings.MaxAutoPrepare = 32;
        }
        await using var bare = NpgsqlDataSource.Create(bareSettings.ConnectionString);
        await CreateBareTableAsync(bare, max, cancellationToken);

        var grains = Enumerable.Range(0, max).Select(i => silo.Grains.GetGrain<IBenchCounterGrain>($"caller-{i}")).ToArray();
        long grainCalls = 0, bareUpdates = 0;
        Task GrainOp(int caller, CancellationToken ct) => grains[caller].IncrementAsync();
        Task BareOp(int caller, CancellationToken ct) => BareUpdateAsync(bare, caller + 1, ct);

        // Warm-up: JIT, connection pools, activations and the rows of every caller.
        var warmup = TimeSpan.FromSeconds(Math.Min(2, context.StepDuration.TotalSeconds));
        await context.Log.WriteLineAsync($"  warm-up {warmup.TotalSeconds:F1} s per side at {max} callers");
        bareUpdates += (await LoadRunner.RunAsync(max, warmup, BareOp, cancellationToken)).Operations;
        grainCalls += (await LoadRunner.RunAsync(max, warmup, GrainOp, cancellationToken)).Operations;

        foreach (var callers in Concurrency)
        {
            // Two half-length slices per side in the order bare, grain, grain, bare, so that a drift
            // of the shared machine's load during the step weighs on both sides alike.
            var half = context.StepDuration / 2;
            var meter = CpuMeter.Start(context.Database);
            var b1 = await LoadRunner.RunAsync(callers, half, BareOp, cancellationToken);
            var g1 = await LoadRunner.RunAsync(callers, half, GrainOp, cancellationToken);
            var g2 = await LoadRunner.RunAsync(callers, half, GrainOp, cancellationToken);
            var b2 = await LoadRunner.RunAsync(callers, half, BareOp, cancellationToken);
            var g = LoadResult.Combine([g1, g2]);
            var b = LoadResult.Combine([b1, b2]);
            grainCalls += g.Operations;
            bareUpdates += b.Operations;
            var cpu = meter.Stop(g.Operations + b.Operations);
            var ratio = g.PerSecond / b.PerSecond;
            await context.Log.WriteLineAsync($"  {callers,2} callers: grain {g.PerSecond:F0}/s, bare {b.PerSecond:F0}/s, ratio {ratio:F2}");
            result.Rows.Add(new BenchRow()
                .Add("callers", callers, "F0")
                .Add("grain_calls_s", g.PerSecond, "F0")
                .Add("grain_p50_ms", g.PercentileMs(50))
                .Add("grain_p99_ms", g.PercentileMs(99))
                .Add("bare_tx_s", b.PerSecond, "F0")
                .Add("bare_p50_ms", b.PercentileMs(50))
                .Add("bare_p99_ms", b.PercentileMs(99))
                .Add("ratio", ratio)
                .Add("busy_pct", cpu.MachineBusyPercent, "F0"));
            if (callers == max)
            {
                result.Targets.Add(new BenchTarget($"ratio grain/bare >= {TargetRatio:F1} at {max} callers (measured {ratio:F2})", ratio >= TargetRatio));
            }
        }

        var (grainTotal, grainRows) = await ScalarPairAsync(bare,
            "SELECT coalesce(sum((state->>'count')::bigint), 0), count(*) FROM grain_state WHERE grain_type = 'bench-counter'", cancellationToken);
        var (bareTotal, _) = await ScalarPairAsync(bare, "SELECT coalesce(sum(value), 0), count(*) FROM bench_bare", cancellationToken);
        result.Checks.Add(new BenchCheck(
            $"every grain call committed: {grainCalls} calls, counters in {grainRows} grain rows sum to {grainTotal}", grainTotal == grainCalls));
        result.Checks.Add(new BenchCheck(
            $"every bare transaction committed: {bareUpdates} updates, rows sum to {bareTotal}", bareTotal == bareUpdates));
        result.Notes.Add("Closed loop: each caller issues its next call when the previous one returns; caller i owns grain " +
            "'caller-i' (and bare row i), so there is no lock contention between callers.");
        result.Notes.Add("Grain call: IBenchCounterGrain.IncrementAsync through the host's grain reference, a write turn that " +
            "changes a two-field state (count, timestamp): lock and load, then UPDATE of the state row and COMMIT.");
        result.Notes.Add("Bare: open a pooled connection, BEGIN, UPDATE bench_bare SET value = value + 1, at = now() WHERE id = $1, COMMIT " +
            "(NpgsqlTransaction), on its own connection pool.");
        result.Notes.Add($"Each step: {context.StepDuration.TotalSeconds:F1} s per side, in slices ordered bare, grain, grain, bare. " +
            "busy_pct: how busy the whole machine's CPUs were during the step (other work included).");
        return result;
    }

    private static async Task CreateBareTableAsync(NpgsqlDataSource db, int rows, CancellationToken cancellationToken)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "CREATE TABLE IF NOT EXISTS bench_bare (id integer PRIMARY KEY, value bigint NOT NULL, at timestamptz NOT NULL)"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("TRUNCATE bench_bare"));
        var insert = new NpgsqlBatchCommand("INSERT INTO bench_bare (id, value, at) SELECT g, 0, now() FROM generate_series(1, $1) g");
        insert.Parameters.Add(new NpgsqlParameter { Value = rows });
        batch.BatchCommands.Add(insert);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task BareUpdateAsync(NpgsqlDataSource db, int id, CancellationToken cancellationToken)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand("UPDATE bench_bare SET value = value + 1, at = now() WHERE id = $1", conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        if (await cmd.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new InvalidOperationException($"bench_bare row {id} is missing.");
        }
        await tx.CommitAsync(cancellationToken);
    }

    private static async Task<(long, long)> ScalarPairAsync(NpgsqlDataSource db, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(sql);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), reader.GetInt64(1));
    }
}
