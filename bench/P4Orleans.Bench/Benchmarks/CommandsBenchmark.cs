using System.Globalization;
using Npgsql;
using P4Orleans.Bench.Harness;
using P4Orleans.Contracts;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>
/// A dossier command that writes its state once (<c>IDossierGrain.RecordPaymentAsync</c>, one cent from ONSS)
/// through a real silo, against a bare single-row UPDATE transaction on the same database, 32 callers each.
/// </summary>
public sealed class CommandsBenchmark : IBenchmark
{
    private const int Callers = 32;
    private const int DossiersPerCaller = 8;

    public string Name => "commands";

    public string Description => "dossier command (one state write) vs a bare single-row UPDATE transaction, 32 callers";

    public async Task<BenchmarkResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new BenchmarkResult(Name, Description);
        await using var silo = await BenchSilo.StartAsync(context.Database, "bench-commands", cancellationToken: cancellationToken);
        await using var raw = RawDatabase.Create(context.Database, "bench-raw");
        // Dossiers that can take many one-cent payments without reaching a zero balance.
        var dossiers = await Population.EnsureAsync(context, silo, Callers * DossiersPerCaller, "balance_cents > 100000", cancellationToken);
        await raw.ExecuteAsync("""
            DROP TABLE IF EXISTS bench_bare;
            CREATE TABLE bench_bare (id integer PRIMARY KEY, value bigint NOT NULL, at timestamptz NOT NULL);
            INSERT INTO bench_bare SELECT i, 0, now() FROM generate_series(0, 31) i
            """, cancellationToken);

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels")));
        var tag = Guid.NewGuid().ToString("N")[..6];
        long payments = 0, updates = 0;
        var counters = new int[Callers];
        async Task Bare(int caller, CancellationToken ct)
        {
            await using var conn = await raw.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            await using var cmd = new NpgsqlCommand("UPDATE bench_bare SET value = value + 1, at = now() WHERE id = $1", conn, tx);
            cmd.Parameters.Add(new NpgsqlParameter { Value = caller });
            await cmd.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
            Interlocked.Increment(ref updates);
        }
        async Task Command(int caller, CancellationToken ct)
        {
            // Caller i pays into its own dossiers in turn: callers never wait on one another's grain.
            var n = counters[caller]++;
            var key = dossiers[caller * DossiersPerCaller + n % DossiersPerCaller];
            await silo.Grains.GetGrain<IDossierGrain>(key).RecordPaymentAsync(null,
                new PaymentReport(1, today, PaymentSource.Onss, string.Create(CultureInfo.InvariantCulture, $"bench-{tag}-{caller}-{n}")));
            Interlocked.Increment(ref payments);
        }

        // Each dossier activated and its one reminder settled by a first command, untimed: this measures commands on
        // active dossiers, not activations.
        await Parallel.ForEachAsync(Enumerable.Range(0, Callers), new ParallelOptions { MaxDegreeOfParallelism = Callers, CancellationToken = cancellationToken },
            async (caller, ct) =>
            {
                for (var i = 0; i < DossiersPerCaller; i++)
                {
                    await Command(caller, ct);
                }
            });
        var (bare, bareCpu, grain, grainCpu) = await PairedLoad.RunAsync(context, Callers, Bare, Command, cancellationToken);
        var (stateWrite, stateWriteCpu) = await StateWriteAsync(context, raw, dossiers, cancellationToken);
        var pgbench = await Pgbench.RunAsync(context.Database,
            "BEGIN;\nUPDATE bench_bare SET value = value + 1, at = now() WHERE id = :client_id;\nCOMMIT;\n", Callers, context.StepDuration,
            context.Log, cancellationToken);
        var ratio = grain.PerSecond / bare.PerSecond;
        Row(result, "bare UPDATE transaction", bare, bare.PerSecond, bareCpu);
        Row(result, "RecordPaymentAsync (dossier grain)", grain, bare.PerSecond, grainCpu);
        Row(result, "diagnostic: UPDATE of a copied dossier row, whole jsonb", stateWrite, bare.PerSecond, stateWriteCpu);
        if (pgbench is { } pg)
        {
            result.Rows.Add(new BenchRow().Add("side", "pgbench, same UPDATE, -M prepared").Add("ops_s", pg.Tps, "F0")
                .Add("p50_ms", double.NaN).Add("p99_ms", double.NaN).Add("mean_ms", pg.LatencyMs).Add("vs_bare", pg.Tps / bare.PerSecond));
        }
        result.Targets.Add(new BenchTarget($"ratio command/bare >= 0.9 at 32 callers (measured {ratio:F2})", ratio >= 0.9));
        var p99 = grain.PercentileMs(99) / bare.PercentileMs(99);
        result.Targets.Add(new BenchTarget($"command p99 <= 2x bare p99 (measured {p99:F2}x)", p99 <= 2));

        // Every call made is in the journal once; every bare update is in the table.
        var journalled = await raw.LongAsync("SELECT count(*) FROM journal WHERE kind = 'payment-recorded' AND data ->> 'reference' LIKE $1",
            cancellationToken, $"Onss:bench-{tag}-%");
        var bareSum = await raw.LongAsync("SELECT sum(value) FROM bench_bare", cancellationToken);
        result.Checks.Add(new BenchCheck($"every payment journalled once ({journalled} of {Interlocked.Read(ref payments)})",
            journalled == Interlocked.Read(ref payments)));
        result.Checks.Add(new BenchCheck($"bare rows count every update of the harness ({bareSum} >= {Interlocked.Read(ref updates)}, pgbench adds its own)",
            bareSum >= Interlocked.Read(ref updates)));
        result.Notes.Add($"Platform: IDossierGrain.RecordPaymentAsync(1 cent, ONSS) through a silo in this process (AddP4Silo, ADO.NET storage " +
            $"on PostgreSQL); caller i pays into its own {DossiersPerCaller} dossiers in turn (taken in by the bulk intake): each dossier is activated and paid into once before measuring; each call is one turn " +
            "deciding in memory and one storage write (state and journal entry in one statement).");
        result.Notes.Add("Bare: BEGIN; UPDATE bench_bare SET value = value + 1, at = now() WHERE id = $1; COMMIT on a pooled connection, " +
            "prepared, caller i on row i. Warm-up of each side, then slices bare, command, command, bare of half a step each.");
        return result;
    }

    /// <summary>
    /// Where the command's database time goes: the same callers rewriting a copy of their dossier's row with its whole
    /// state (jsonb parsed, generated columns recomputed, TOAST), one statement per call, no grain and no journal.
    /// </summary>
    private static async Task<(LoadResult Load, CpuUse Cpu)> StateWriteAsync(BenchContext context, NpgsqlDataSource raw,
        List<string> dossiers, CancellationToken ct)
    {
        await raw.ExecuteAsync("DROP TABLE IF EXISTS raw_state; CREATE TABLE raw_state (LIKE orleans_grain_state INCLUDING ALL)", ct);
        await raw.ExecuteAsync("""
            INSERT INTO raw_state (service_id, state_name, grain_key, version, payload, modified_at)
                SELECT service_id, state_name, grain_key, version, payload, modified_at FROM orleans_grain_state
                WHERE service_id = 'p4orleans' AND state_name = 'dossier' AND grain_key = ANY($1)
            """, ct, (object)dossiers.ToArray());
        var payloads = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var cmd = raw.CreateCommand("SELECT grain_key, payload::text FROM raw_state"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                payloads[r.GetString(0)] = r.GetString(1);
            }
        }
        var counters = new int[Callers];
        async Task Write(int caller, CancellationToken token)
        {
            var key = dossiers[caller * DossiersPerCaller + counters[caller]++ % DossiersPerCaller];
            await using var cmd = raw.CreateCommand("""
                UPDATE raw_state SET payload = $1::jsonb, version = version + 1, modified_at = now()
                WHERE service_id = 'p4orleans' AND state_name = 'dossier' AND grain_key = $2
                """);
            cmd.Parameters.Add(new NpgsqlParameter { Value = payloads[key] });
            cmd.Parameters.Add(new NpgsqlParameter { Value = key });
            await cmd.ExecuteNonQueryAsync(token);
        }
        var meter = CpuMeter.Start(context.Database);
        var load = await LoadRunner.RunAsync(Callers, context.StepDuration / 2, Write, ct);
        return (load, meter.Stop(load.Operations));
    }

    private static void Row(BenchmarkResult result, string side, LoadResult load, double bareRate, CpuUse cpu) =>
        result.Rows.Add(new BenchRow().Add("side", side).Add("ops_s", load.PerSecond, "F0").Add("p50_ms", load.PercentileMs(50))
            .Add("p99_ms", load.PercentileMs(99)).Add("mean_ms", double.NaN).Add("vs_bare", load.PerSecond / bareRate)
            .Add("client_cpu_us", cpu.ClientMicros, "F0").Add("server_cpu_us", cpu.ServerMicros, "F0").Add("busy_pct", cpu.MachineBusyPercent, "F0"));
}
