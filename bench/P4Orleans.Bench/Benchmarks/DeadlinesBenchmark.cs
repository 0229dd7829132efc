using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Bench.Harness;
using P4Orleans.Recovery.Deadlines;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>
/// 100,000 deadlines due at the same instant (10,000 with <c>--quick</c>, <c>--reminders N</c>), applied by the silos'
/// deadline catch-up (what every silo runs at start and every period), two rounds at once as two silos would:
/// all must be applied within 30 s of the due instant, none twice.
/// </summary>
public sealed class DeadlinesBenchmark : IBenchmark
{
    /// <summary>Other dossiers whose deadline the measured silo applies first, untimed, so that its code is compiled (N when smaller).</summary>
    public const int WarmUpDeadlines = 2_000;

    public string Name => "deadlines";

    public string Description => "deadlines due at once, applied by the catch-up: all within 30 s, none twice";

    public async Task<BenchmarkResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new BenchmarkResult(Name, Description);
        var count = context.Options.Reminders ?? (context.Options.Quick ? 10_000 : 100_000);
        await using var raw = RawDatabase.Create(context.Database, "bench-raw");
        var warmUpCount = Math.Clamp(count, 1, WarmUpDeadlines);
        List<string> keys;
        List<string> warmUp;
        await using (var setup = await BenchSilo.StartAsync(context.Database, "bench-deadlines-setup", cancellationToken: cancellationToken))
        {
            await Population.EnsureAsync(context, setup, count, DueDeadlines.Pending, cancellationToken);
            // Dossiers already overdue (an old title's warning) are applied now, untimed, so that only the moved ones are due later.
            await setup.Services.GetRequiredService<DeadlineCatchUp>().RunOnceAsync(cancellationToken);
            var all = await Population.EnsureAsync(context, setup, count + warmUpCount, DueDeadlines.Pending, cancellationToken);
            warmUp = all.GetRange(0, warmUpCount);
            keys = all.GetRange(warmUpCount, count);
        }

        // Due a little after the silo is up and warm, so that the lateness counts the work, not the setup.
        var silo = BenchSilo.Build(context.Database, "bench-deadlines", loops: false);
        await using var _ = silo;
        await silo.StartAsync(cancellationToken);
        var catchUp = silo.Services.GetRequiredService<DeadlineCatchUp>();
        // Warm-up, untimed: other dossiers' deadlines applied by the same silo, as a silo that has been running has done.
        await DueDeadlines.MoveAsync(raw, warmUp, DateTimeOffset.UtcNow.AddSeconds(-1), cancellationToken);
        var warmedUp = await catchUp.RunOnceAsync(cancellationToken);
        var due = DateTimeOffset.UtcNow.AddSeconds(3);
        await DueDeadlines.MoveAsync(raw, keys, due, cancellationToken);
        var wait = due - DateTimeOffset.UtcNow;
        var setupOverran = wait < TimeSpan.Zero;
        if (!setupOverran)
        {
            await Task.Delay(wait, cancellationToken);
        }

        var meter = CpuMeter.Start(context.Database);
        var clock = Stopwatch.StartNew();
        var rounds = await Task.WhenAll(catchUp.RunOnceAsync(cancellationToken), catchUp.RunOnceAsync(cancellationToken));
        var elapsed = DateTimeOffset.UtcNow - due;
        clock.Stop();
        var cpu = meter.Stop(count);
        var again = await catchUp.RunOnceAsync(cancellationToken);
        var (applied, maxPer) = await DueDeadlines.CountAsync(raw, keys, cancellationToken);

        result.Rows.Add(new BenchRow().Add("deadlines", keys.Count, "F0").Add("rounds", 2, "F0").Add("applied", rounds.Sum(), "F0")
            .Add("seconds_after_due", elapsed.TotalSeconds).Add("per_s", keys.Count / clock.Elapsed.TotalSeconds, "F0")
            .Add("journalled_once", applied, "F0").Add("max_per_dossier", maxPer, "F0").Add("third_round", again, "F0")
            .Add("client_cpu_us", cpu.ClientMicros, "F0").Add("server_cpu_us", cpu.ServerMicros, "F0").Add("busy_pct", cpu.MachineBusyPercent, "F0"));
        result.Targets.Add(new BenchTarget($"all {keys.Count} applied within 30 s of the due instant (measured {elapsed.TotalSeconds:F1} s)",
            elapsed.TotalSeconds <= 30 && applied == keys.Count));
        result.Checks.Add(new BenchCheck($"warm-up: {warmedUp} of {warmUpCount} other dossiers' deadlines applied before", warmedUp == warmUpCount));
        result.Checks.Add(new BenchCheck($"every deadline applied ({applied} of {keys.Count} dossiers journalled it)", applied == keys.Count));
        result.Checks.Add(new BenchCheck($"none applied twice (at most {maxPer} per dossier; the rounds reported {rounds.Sum()}, a third {again})",
            maxPer == 1 && again == 0));
        result.Notes.Add($"{keys.Count} dossiers (bulk intake) whose prescription warning was moved in SQL to one instant 3 s ahead, on a " +
            "silo that had never activated them. Before them, untimed, the same silo applied the same deadline of " +
            $"{warmUpCount} other dossiers, so that its code is compiled, as on a silo that has been running (the first minute after a " +
            "restart is the outage benchmark's). At that instant two DeadlineCatchUp.RunOnceAsync rounds start at once " +
            "on the silo (what two silos' rounds do): each reads next_due_at <= now in batches of 5,000 and wakes the dossiers 64 at a time; " +
            "a wake is a grain turn applying every due wake-up and registering the Orleans reminder of the next. Then a third round, which " +
            "must find nothing. Counted in the journal: deadline-reached entries of that deadline per dossier." +
            (setupOverran ? " The setup overran the due instant: the lateness includes it." : ""));
        return result;
    }
}
