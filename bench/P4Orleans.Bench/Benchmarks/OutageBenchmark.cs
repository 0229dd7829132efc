using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Bench.Harness;
using P4Orleans.Recovery.Deadlines;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>
/// After a full outage (no silo running while deadlines fell due), the first silo to start applies every overdue
/// deadline through its catch-up round at start: all within 60 s of that silo's start.
/// </summary>
public sealed class OutageBenchmark : IBenchmark
{
    public string Name => "outage";

    public string Description => "after a full outage, overdue deadlines applied within 60 s of the first silo's start";

    public async Task<BenchmarkResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new BenchmarkResult(Name, Description);
        var count = context.Options.Reminders ?? (context.Options.Quick ? 10_000 : 100_000);
        await using var raw = RawDatabase.Create(context.Database, "bench-raw");
        List<string> keys;
        await using (var setup = await BenchSilo.StartAsync(context.Database, "bench-outage-setup", cancellationToken: cancellationToken))
        {
            await Population.EnsureAsync(context, setup, count, DueDeadlines.Pending, cancellationToken);
            await setup.Services.GetRequiredService<DeadlineCatchUp>().RunOnceAsync(cancellationToken);
            keys = await Population.EnsureAsync(context, setup, count, DueDeadlines.Pending, cancellationToken);
        }

        // The whole cluster is down: the deadlines fell due a minute ago, while no silo ran.
        await DueDeadlines.MoveAsync(raw, keys, DateTimeOffset.UtcNow.AddMinutes(-1), cancellationToken);
        var silo = BenchSilo.Build(context.Database, "bench-outage", loops: false, catchUpLoop: true);
        await using var _ = silo;
        var meter = CpuMeter.Start(context.Database);
        var clock = Stopwatch.StartNew();
        await silo.StartAsync(cancellationToken);
        var started = clock.Elapsed;
        long applied = 0, maxPer = 0;
        var bound = TimeSpan.FromSeconds(180);
        while (clock.Elapsed < bound)
        {
            (applied, maxPer) = await DueDeadlines.CountAsync(raw, keys, cancellationToken);
            if (applied >= keys.Count)
            {
                break;
            }
            await Task.Delay(250, cancellationToken);
        }
        var all = clock.Elapsed;
        var cpu = meter.Stop(keys.Count);
        var within = applied == keys.Count && all.TotalSeconds <= 60;

        result.Rows.Add(new BenchRow().Add("overdue", keys.Count, "F0").Add("silo_start_s", started.TotalSeconds)
            .Add("all_applied_s", applied == keys.Count ? all.TotalSeconds : double.NaN).Add("applied", applied, "F0")
            .Add("max_per_dossier", maxPer, "F0").Add("client_cpu_us", cpu.ClientMicros, "F0").Add("server_cpu_us", cpu.ServerMicros, "F0")
            .Add("busy_pct", cpu.MachineBusyPercent, "F0"));
        result.Targets.Add(new BenchTarget($"all overdue deadlines applied within 60 s of the first silo's start (measured " +
            $"{(applied == keys.Count ? all.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " s" : $"{applied} of {keys.Count} after {all.TotalSeconds:F0} s")})", within));
        result.Checks.Add(new BenchCheck($"every overdue deadline applied ({applied} of {keys.Count}) within {bound.TotalSeconds:F0} s", applied == keys.Count));
        result.Checks.Add(new BenchCheck($"none applied twice (at most {maxPer} per dossier)", maxPer <= 1));
        result.Notes.Add($"{keys.Count} dossiers whose prescription warning was moved in SQL to a minute ago while no silo ran. Then one silo " +
            "starts (its catch-up registered as the platform registers it: a round at start, then every Silo:CatchUpPeriod, 30 s), timed " +
            "from the call to start the host; the journal is polled every 250 ms until every dossier journalled the deadline.");
        return result;
    }
}
