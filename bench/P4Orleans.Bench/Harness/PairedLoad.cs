namespace P4Orleans.Bench.Harness;

/// <summary>
/// Both sides of a ratio under the same closed-loop load, measured in slices ordered raw, platform, platform, raw
/// (so that a drift of the shared machine's load weighs on both), after a warm-up of each side.
/// </summary>
public static class PairedLoad
{
    /// <summary>Runs the warm-up and the four slices; returns the raw side, the platform side and the CPU of each.</summary>
    public static async Task<(LoadResult Raw, CpuUse RawCpu, LoadResult Platform, CpuUse PlatformCpu)> RunAsync(BenchContext context, int callers,
        Func<int, CancellationToken, Task> raw, Func<int, CancellationToken, Task> platform, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var warmUp = TimeSpan.FromSeconds(Math.Min(2, context.StepDuration.TotalSeconds));
        await LoadRunner.RunAsync(callers, warmUp, raw, ct);
        await LoadRunner.RunAsync(callers, warmUp, platform, ct);
        var half = context.StepDuration / 2;
        var rawSlices = new List<LoadResult>();
        var platformSlices = new List<LoadResult>();
        var rawCpu = new List<(CpuUse Use, long Ops)>();
        var platformCpu = new List<(CpuUse Use, long Ops)>();
        foreach (var isRaw in new[] { true, false, false, true })
        {
            var meter = CpuMeter.Start(context.Database);
            var slice = await LoadRunner.RunAsync(callers, half, isRaw ? raw : platform, ct);
            (isRaw ? rawSlices : platformSlices).Add(slice);
            (isRaw ? rawCpu : platformCpu).Add((meter.Stop(slice.Operations), slice.Operations));
        }
        return (LoadResult.Combine(rawSlices), Mean(rawCpu), LoadResult.Combine(platformSlices), Mean(platformCpu));
    }

    private static CpuUse Mean(List<(CpuUse Use, long Ops)> parts)
    {
        var ops = Math.Max(1, parts.Sum(p => p.Ops));
        return new CpuUse(parts.Sum(p => p.Use.ClientMicros * p.Ops) / ops, parts.Sum(p => p.Use.ServerMicros * p.Ops) / ops,
            parts.Average(p => p.Use.MachineBusyPercent));
    }
}
