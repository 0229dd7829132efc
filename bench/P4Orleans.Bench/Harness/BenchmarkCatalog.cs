using P4Orleans.Bench.Benchmarks;

namespace P4Orleans.Bench.Harness;

/// <summary>Every benchmark, in the order they run (bulk-intake first: its dossiers serve the others). Add new ones here.</summary>
public static class BenchmarkCatalog
{
    public static IReadOnlyList<IBenchmark> All { get; } =
    [
        new BulkIntakeBenchmark(),
        new DispatchBenchmark(),
        new CommandsBenchmark(),
        new ReadsBenchmark(),
        new DeadlinesBenchmark(),
        new OutageBenchmark(),
        new MemoryBenchmark(),
        new DiskBenchmark(),
        new RateLimitBenchmark(),
        new ReportsBenchmark(),
    ];
}
