using Npgsql;
using P4Orleans.Bench.Harness;
using P4Orleans.Contracts;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>
/// Reads of active dossiers (<c>IDossierGrain.GetSummaryAsync</c>, served from the activation's memory) against
/// the raw primary-key SELECT of the same dossier's row, 32 callers each.
/// </summary>
public sealed class ReadsBenchmark : IBenchmark
{
    private const int Callers = 32;
    private const int DossiersPerCaller = 32;

    public string Name => "reads";

    public string Description => "reads of active dossiers vs a raw primary-key SELECT of the same rows, 32 callers";

    public async Task<BenchmarkResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new BenchmarkResult(Name, Description);
        await using var silo = await BenchSilo.StartAsync(context.Database, "bench-reads", cancellationToken: cancellationToken);
        await using var raw = RawDatabase.Create(context.Database, "bench-raw");
        var dossiers = await Population.EnsureAsync(context, silo, Callers * DossiersPerCaller, "true", cancellationToken);
        await raw.ExecuteAsync("DROP TABLE IF EXISTS bench_keys; CREATE TABLE bench_keys (n integer PRIMARY KEY, k text NOT NULL)", cancellationToken);
        await raw.ExecuteAsync("INSERT INTO bench_keys SELECT i - 1, k FROM unnest($1::text[]) WITH ORDINALITY AS u(k, i)", cancellationToken, (object)dossiers.ToArray());

        var counters = new int[Callers];
        long bytes = 0;
        async Task Select(int caller, CancellationToken ct)
        {
            var key = dossiers[caller * DossiersPerCaller + counters[caller]++ % DossiersPerCaller];
            await using var cmd = raw.CreateCommand(
                "SELECT payload FROM orleans_grain_state WHERE service_id = $1 AND state_name = $2 AND grain_key = $3");
            cmd.Parameters.Add(new NpgsqlParameter { Value = "p4orleans" });
            cmd.Parameters.Add(new NpgsqlParameter { Value = "dossier" });
            cmd.Parameters.Add(new NpgsqlParameter { Value = key });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            Interlocked.Add(ref bytes, r.GetString(0).Length);
        }
        async Task Read(int caller, CancellationToken ct)
        {
            var key = dossiers[caller * DossiersPerCaller + counters[caller]++ % DossiersPerCaller];
            _ = await silo.Grains.GetGrain<IDossierGrain>(key).GetSummaryAsync();
        }

        // Every dossier is activated first: this measures reads of active dossiers.
        await Parallel.ForEachAsync(dossiers, new ParallelOptions { MaxDegreeOfParallelism = Callers, CancellationToken = cancellationToken },
            async (k, _) => await silo.Grains.GetGrain<IDossierGrain>(k).GetSummaryAsync());
        var (select, selectCpu, read, readCpu) = await PairedLoad.RunAsync(context, Callers, Select, Read, cancellationToken);
        var pgbench = await Pgbench.RunAsync(context.Database,
            "\\set n random(0, " + (dossiers.Count - 1) + ")\nSELECT payload FROM orleans_grain_state WHERE service_id = 'p4orleans' AND " +
            "state_name = 'dossier' AND grain_key = (SELECT k FROM bench_keys WHERE n = :n);\n", Callers, context.StepDuration, context.Log, cancellationToken);
        var ratio = read.PerSecond / select.PerSecond;
        Row(result, "raw primary-key SELECT", select, select.PerSecond, selectCpu);
        Row(result, "GetSummaryAsync (active dossier)", read, select.PerSecond, readCpu);
        if (pgbench is { } pg)
        {
            result.Rows.Add(new BenchRow().Add("side", "pgbench, same SELECT (key by a subselect)").Add("ops_s", pg.Tps, "F0")
                .Add("p50_ms", double.NaN).Add("p99_ms", double.NaN).Add("mean_ms", pg.LatencyMs).Add("vs_raw", pg.Tps / select.PerSecond));
        }
        result.Targets.Add(new BenchTarget($"reads of active dossiers >= 10x the raw SELECT (measured {ratio:F1}x)", ratio >= 10));
        result.Checks.Add(new BenchCheck($"the raw side read every row it asked for ({select.Operations} reads)", Interlocked.Read(ref bytes) > 0));
        result.Notes.Add($"{dossiers.Count} dossiers, all activated before measuring; caller i reads its own {DossiersPerCaller} in turn. " +
            "Raw: SELECT payload (the dossier's whole state, jsonb as text) by primary key, prepared, one round trip on a pooled connection.");
        return result;
    }

    private static void Row(BenchmarkResult result, string side, LoadResult load, double rawRate, CpuUse cpu) =>
        result.Rows.Add(new BenchRow().Add("side", side).Add("ops_s", load.PerSecond, "F0").Add("p50_ms", load.PercentileMs(50), "F3")
            .Add("p99_ms", load.PercentileMs(99), "F3").Add("mean_ms", double.NaN).Add("vs_raw", load.PerSecond / rawRate)
            .Add("client_cpu_us", cpu.ClientMicros, "F0").Add("server_cpu_us", cpu.ServerMicros, "F0").Add("busy_pct", cpu.MachineBusyPercent, "F0"));
}
