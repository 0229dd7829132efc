namespace P4Orleans.Bench.Harness;

/// <summary>Every benchmark, in the order they run. Add new ones here.</summary>
public static class BenchmarkCatalog
{
    public static IReadOnlyList<IBenchmark> All { get; } =
    [];
}
