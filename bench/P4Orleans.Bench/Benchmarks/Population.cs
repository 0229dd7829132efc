using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Bench.Harness;
using P4Orleans.Recovery.Intake;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>
/// Dossiers for the benchmarks that need existing ones: taken in by the platform's own bulk intake (untimed here),
/// in requests of at most 100,000 titles, each title valid and distinct (<see cref="TitleGenerator"/>).
/// </summary>
public static class Population
{
    /// <summary>The SQL condition of a dossier row of the run's service.</summary>
    public const string DossierRows = "service_id = 'p4orleans' AND state_name = 'dossier'";

    /// <summary>Takes in <paramref name="count"/> new titles through <see cref="IntakeService.RunBulkAsync"/>; returns the job's accepted count.</summary>
    public static async Task<int> IntakeAsync(BenchContext context, BenchSilo silo, int count, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(silo);
        var intake = silo.Services.GetRequiredService<IntakeService>();
        var accepted = 0;
        for (var done = 0; done < count; done += IntakeService.MaxLines)
        {
            var n = Math.Min(IntakeService.MaxLines, count - done);
            var generator = new TitleGenerator(TitleGenerator.NewTag(), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1));
            var ndjson = TitleGenerator.ToNdjson(Enumerable.Range(0, n).Select(generator.Next));
            var job = await intake.StartJobAsync(null, ct);
            using var body = new MemoryStream(ndjson, writable: false);
            job = await intake.RunBulkAsync(job, body, _ => ValueTask.CompletedTask, ct);
            accepted += job.Accepted;
        }
        await context.Log.WriteLineAsync($"  {accepted} dossiers taken in (untimed) for the benchmark");
        return accepted;
    }

    /// <summary>
    /// The keys of <paramref name="count"/> dossiers matching <paramref name="condition"/> (SQL on orleans_grain_state),
    /// taking in new titles first when there are not enough.
    /// </summary>
    public static async Task<List<string>> EnsureAsync(BenchContext context, BenchSilo silo, int count, string condition, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(silo);
        await using var db = RawDatabase.Create(context.Database, "bench-population");
        var sql = $"SELECT grain_key FROM orleans_grain_state WHERE {DossierRows} AND ({condition}) ORDER BY grain_key LIMIT {count}";
        var keys = await db.StringsAsync(sql, ct);
        // Not every new title meets the condition (a balance above a floor): take in the shortfall, then twice what is still
        // missing, until enough do, a bounded number of times. A condition every new title meets gets exactly what it asked.
        for (var round = 0; keys.Count < count && round < 8; round++)
        {
            await IntakeAsync(context, silo, (round == 0 ? 1 : 2) * (count - keys.Count), ct);
            keys = await db.StringsAsync(sql, ct);
        }
        return keys.Count < count
            ? throw new InvalidOperationException($"only {keys.Count} of {count} dossiers meet {condition} after taking in new titles")
            : keys;
    }
}
