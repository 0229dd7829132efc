using System.Diagnostics;
using System.Runtime;
using P4Orleans.Bench.Harness;
using P4Orleans.Contracts;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>
/// Memory per active dossier: the silo process's managed heap and RSS before and after activating N dossiers
/// (20,000; 5,000 with <c>--quick</c>; <c>--active N</c>), then after Orleans deactivates them all.
/// </summary>
public sealed class MemoryBenchmark : IBenchmark
{
    private const double TargetBytesPerDossier = 3 * 1024;

    public string Name => "memory";

    public string Description => "memory per active dossier (managed heap and RSS), and after deactivation";

    public async Task<BenchmarkResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new BenchmarkResult(Name, Description);
        var count = context.Options.Active ?? (context.Options.Quick ? 5_000 : 20_000);
        List<string> keys;
        await using (var setup = await BenchSilo.StartAsync(context.Database, "bench-memory-setup", cancellationToken: cancellationToken))
        {
            keys = await Population.EnsureAsync(context, setup, count, "true", cancellationToken);
        }

        await using var silo = await BenchSilo.StartAsync(context.Database, "bench-memory", cancellationToken: cancellationToken);
        var management = silo.Grains.GetGrain<IManagementGrain>(0);
        // One dossier activated first: the grain type's code, JIT and pools are not counted per dossier.
        await silo.Grains.GetGrain<IDossierGrain>(keys[0]).GetSummaryAsync();
        var idle = Measure();
        var activationsIdle = await management.GetTotalActivationCount(cancellationToken);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(keys.Skip(1), new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken },
            async (k, _) => await silo.Grains.GetGrain<IDossierGrain>(k).GetSummaryAsync());
        var activateSeconds = clock.Elapsed.TotalSeconds;
        var active = Measure();
        var activations = await management.GetTotalActivationCount(cancellationToken);

        await management.ForceActivationCollection(TimeSpan.Zero, cancellationToken);
        var bound = Stopwatch.StartNew();
        var left = await management.GetTotalActivationCount(cancellationToken);
        while (left > activationsIdle + 10 && bound.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(250, cancellationToken);
            left = await management.GetTotalActivationCount(cancellationToken);
        }
        var after = Measure();

        var n = keys.Count - 1;
        var heapPer = (active.Heap - idle.Heap) / (double)n;
        var rssPer = (active.Rss - idle.Rss) / (double)n;
        Row(result, "idle (1 dossier active)", idle, activationsIdle, double.NaN, double.NaN, double.NaN);
        Row(result, $"{n} dossiers active", active, activations, heapPer, rssPer, activateSeconds);
        Row(result, "after deactivation", after, left, double.NaN, double.NaN, double.NaN);
        result.Targets.Add(new BenchTarget($"<= 3 KB per active dossier (measured {heapPer / 1024:F1} KB managed heap, {rssPer / 1024:F1} KB RSS)",
            Math.Max(heapPer, rssPer) <= TargetBytesPerDossier));
        var back = after.Rss - idle.Rss;
        result.Targets.Add(new BenchTarget($"RSS back near idle after deactivation (idle {idle.Rss / 1e6:F0} MB, after {after.Rss / 1e6:F0} MB, " +
            $"peak {active.Rss / 1e6:F0} MB)", back <= 0.2 * Math.Max(1, active.Rss - idle.Rss)));
        result.Checks.Add(new BenchCheck($"every dossier was active at once ({activations} activations for {keys.Count} dossiers)",
            activations >= keys.Count));
        result.Notes.Add("Measured in the silo's process (the harness is the only other code in it): the managed heap after a full blocking, " +
            "compacting, aggressive collection, and the working set (RSS). Activation: GetSummaryAsync on each dossier, 64 at a time (a read " +
            "of its state row). Deactivation: IManagementGrain.ForceActivationCollection(0), then polled until the activations are gone.");
        return result;
    }

    private static (long Heap, long Rss) Measure()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var self = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(false), self.WorkingSet64);
    }

    private static void Row(BenchmarkResult result, string step, (long Heap, long Rss) m, int activations, double heapPer, double rssPer, double seconds) =>
        result.Rows.Add(new BenchRow().Add("step", step).Add("activations", activations, "F0").Add("heap_mb", m.Heap / 1e6, "F1")
            .Add("rss_mb", m.Rss / 1e6, "F1").Add("heap_kb_per_dossier", heapPer / 1024, "F2").Add("rss_kb_per_dossier", rssPer / 1024, "F2")
            .Add("seconds", seconds));
}
