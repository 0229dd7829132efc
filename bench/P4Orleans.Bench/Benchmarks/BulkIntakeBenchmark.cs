using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Bench.Harness;
using P4Orleans.Recovery.Intake;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>
/// 100,000 valid titles (10,000 with <c>--quick</c>, <c>--titles N</c>) as one NDJSON request taken in by
/// <c>IntakeService.RunBulkAsync</c> on a silo, against a raw binary COPY of exactly the rows the intake wrote
/// (read back untimed) into fresh copies of the same tables, in one transaction, in the same run.
/// </summary>
public sealed class BulkIntakeBenchmark : IBenchmark
{
    private const double TargetRatio = 0.5;

    // Titles of the untimed warm-up job (as many as the measured job when that is smaller).
    private const int WarmUpTitles = 10_000;

    public string Name => "bulk-intake";

    public string Description => "bulk NDJSON intake (parse, validate, seal, COPY) vs raw binary COPY of the same rows";

    public async Task<BenchmarkResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new BenchmarkResult(Name, Description);
        var count = context.Options.Titles ?? (context.Options.Quick ? 10_000 : 100_000);
        await using var silo = await BenchSilo.StartAsync(context.Database, "bench-intake", cancellationToken: cancellationToken);
        await using var raw = RawDatabase.Create(context.Database, "bench-raw");
        var intake = silo.Services.GetRequiredService<IntakeService>();
        var generator = new TitleGenerator(TitleGenerator.NewTag(), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1));
        var ndjson = TitleGenerator.ToNdjson(Enumerable.Range(0, count).Select(generator.Next));
        await context.Log.WriteLineAsync($"  {count} titles generated: {ndjson.Length / 1e6:F1} MB of NDJSON");

        // A warm-up job of other titles, untimed: the intake's code runs optimised (tiered JIT) when the measure starts, as
        // on a node that has been up; the raw side is warm too (its second run, and its code is the database's).
        var warmUp = Math.Clamp(count, 1, WarmUpTitles);
        var warmGenerator = new TitleGenerator(TitleGenerator.NewTag(), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), seed: 5);
        using (var body = new MemoryStream(TitleGenerator.ToNdjson(Enumerable.Range(0, warmUp).Select(warmGenerator.Next)), writable: false))
        {
            await intake.RunBulkAsync(await intake.StartJobAsync(null, cancellationToken), body, _ => ValueTask.CompletedTask, cancellationToken);
        }
        await context.Log.WriteLineAsync($"  warm-up: {warmUp} other titles taken in (untimed)");

        var job = await intake.StartJobAsync(null, cancellationToken);
        await raw.CheckpointAsync(cancellationToken);
        var allocated = GC.GetTotalAllocatedBytes();
        var meter = CpuMeter.Start(context.Database);
        var clock = Stopwatch.StartNew();
        using (var body = new MemoryStream(ndjson, writable: false))
        {
            job = await intake.RunBulkAsync(job, body, _ => ValueTask.CompletedTask, cancellationToken);
        }
        clock.Stop();
        var intakeCpu = meter.Stop(count);
        allocated = GC.GetTotalAllocatedBytes() - allocated;
        await context.Log.WriteLineAsync($"  intake: {job.Accepted} accepted in {clock.Elapsed.TotalSeconds:F1} s");

        var tables = RawCopy.IntakeTables(job.Id);
        var copied = await RawCopy.ReadAsync(raw, tables, cancellationToken);
        var rawRuns = new List<(TimeSpan Elapsed, CpuUse Cpu)>();
        for (var run = 0; run < 2; run++)
        {
            rawRuns.Add(await RawCopy.WriteAsync(context, raw, copied, count, cancellationToken));
        }
        var rawRate = 2 * count / rawRuns.Sum(r => r.Elapsed.TotalSeconds);
        var ratio = count / clock.Elapsed.TotalSeconds / rawRate;
        Row(result, "bulk intake (RunBulkAsync)", count, clock.Elapsed, rawRate, intakeCpu, allocated / (double)count);
        Row(result, "raw COPY, 1 tx (first)", count, rawRuns[0].Elapsed, rawRate, rawRuns[0].Cpu, double.NaN);
        Row(result, "raw COPY, 1 tx (second)", count, rawRuns[1].Elapsed, rawRate, rawRuns[1].Cpu, double.NaN);
        result.Targets.Add(new BenchTarget($"ratio intake/raw COPY >= {TargetRatio} (measured {ratio:F2})", ratio >= TargetRatio));

        var dossiers = await raw.LongAsync("SELECT count(*) FROM dossier_intake WHERE job_id = $1", cancellationToken, job.Id);
        var states = await raw.LongAsync(
            $"SELECT count(*) FROM orleans_grain_state WHERE {Population.DossierRows} AND status = 'AwaitingDispatch' AND grain_key IN " +
            "(SELECT dossier_id FROM dossier_intake WHERE job_id = $1)", cancellationToken, job.Id);
        result.Checks.Add(new BenchCheck($"the job accepted every title ({job.Accepted} of {count}, status {job.Status})", job.Accepted == count));
        result.Checks.Add(new BenchCheck($"every title is a dossier awaiting dispatch ({states} states, {dossiers} references)",
            states == count && dossiers == count));
        result.Checks.Add(new BenchCheck($"the raw tables hold the same rows ({string.Join(", ", copied.Select(c => $"{c.Table} {c.Rows}"))})",
            await RawCopy.SameCountsAsync(raw, copied, cancellationToken)));
        result.Notes.Add("Intake: IntakeService.RunBulkAsync over the NDJSON in memory on a silo (TitleGenerator: fixed seed, 60% natural, 40% " +
            "legal persons, every arrondissement), timed to its return; per chunk: parse, validate, seal with a new key per dossier, then " +
            "one transaction of binary COPYs (state rows, keys, journal, references, line results, counts). Warmed up by an untimed job of " +
            $"{WarmUpTitles:N0} other titles (N when smaller), so that the intake's code runs optimised as on a node that has been up. " +
            "alloc_kb: GC.GetTotalAllocatedBytes over the intake, all threads, per title.");
        result.Notes.Add("Raw: the rows the intake wrote (non-generated columns of " + string.Join(", ", copied.Select(c => c.Table)) +
            "), read back untimed with COPY TO STDOUT (FORMAT BINARY), then written with COPY FROM STDIN (FORMAT BINARY) into fresh tables " +
            "CREATE TABLE raw_x (LIKE x INCLUDING ALL) (same indexes and generated columns), all in one transaction, twice (the ratio uses " +
            "the mean). A CHECKPOINT precedes every timed side.");
        return result;
    }

    private static void Row(BenchmarkResult result, string side, int titles, TimeSpan elapsed, double rawRate, CpuUse cpu, double allocatedPerTitle) =>
        result.Rows.Add(new BenchRow().Add("side", side).Add("titles", titles, "F0").Add("seconds", elapsed.TotalSeconds)
            .Add("titles_s", titles / elapsed.TotalSeconds, "F0").Add("vs_raw", titles / elapsed.TotalSeconds / rawRate)
            .Add("client_cpu_us", cpu.ClientMicros, "F0").Add("server_cpu_us", cpu.ServerMicros, "F0").Add("busy_pct", cpu.MachineBusyPercent, "F0")
            .Add("alloc_kb", allocatedPerTitle / 1024, "F1"));
}
