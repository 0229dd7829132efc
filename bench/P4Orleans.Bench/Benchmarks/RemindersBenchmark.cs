using System.Diagnostics;
using System.Globalization;
using Npgsql;
using P4Orleans.Bench.Grains;
using P4Orleans.Bench.Harness;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>
/// 100,000 one-shot reminders (10,000 with <c>--quick</c>) fall due at the same instant; the host's
/// <c>ReminderService</c> fires them, each as a turn of its grain. Reports reminders fired per second,
/// their lateness (fired at minus due), and checks that each fired exactly once.
/// </summary>
public sealed class RemindersBenchmark : IBenchmark
{
    /// <summary>Runs with this many concurrent poll loops of one node (1 = what a node's background loop does).</summary>
    private static readonly int[] PollLoops = [1, 2];

    public string Name => "reminders";

    public string Description => "one-shot reminders due at once, fired by ReminderService as grain turns";

    public async Task<BenchmarkResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var result = new BenchmarkResult(Name, Description);
        var count = context.Options.Reminders ?? (context.Options.Quick ? 10_000 : 100_000);
        foreach (var loops in PollLoops)
        {
            await RunOnceAsync(context, result, count, loops, cancellationToken);
        }
        result.Notes.Add("Setup in bulk SQL, in one transaction: INSERT ... SELECT FROM generate_series creates each grain's state row " +
            "({fired: 0}) and its one-shot reminder 'wake', all with the same due time a little after the insert ends (the harness " +
            "waits for it). No reminder is registered through a grain turn.");
        result.Notes.Add("Firing: a fresh host whose background loops are off; at the due time the harness runs N loops calling " +
            "ReminderService.PollOnceAsync (claim up to ClaimBatchSize = 1000 with FOR UPDATE SKIP LOCKED into a lease, then fire them " +
            "as grain turns, DeliveryConcurrency = 32 at a time) until all are fired. poll_loops = 1 is what one node's loop does.");
        result.Notes.Add("Lateness = fired at minus due, from HostMetrics (every reminder, not a sample). With all due at once it is " +
            "mostly queueing: the k-th reminder waits for the k-1 before it, so p50 is about half the drain time and p99 nearly all of it. " +
            "srv_cpu_us: PostgreSQL CPU per reminder fired (embedded server only); busy_pct: the whole machine, other work included.");
        return result;
    }

    private static async Task RunOnceAsync(BenchContext context, BenchmarkResult result, int count, int loops, CancellationToken cancellationToken)
    {
        var prefix = $"l{loops}-";
        await using var silo = BenchSilo.Create(context.Database.ConnectionString, $"bench-reminders-{loops}", new Dictionary<string, string?>
        {
            ["Silo:MaxActivations"] = Math.Max(100_000, count + 1000).ToString(CultureInfo.InvariantCulture),
        });
        await using var db = NpgsqlDataSource.Create(context.Database.ConnectionString);

        // Due a little after the insert is expected to end, so that lateness does not count the setup.
        var margin = TimeSpan.FromSeconds(1) + TimeSpan.FromMicroseconds(25.0 * count);
        var due = Micro(DateTimeOffset.UtcNow + margin);
        var insert = Stopwatch.StartNew();
        await InsertAsync(db, prefix, count, due, cancellationToken);
        insert.Stop();
        var wait = due - DateTimeOffset.UtcNow;
        await context.Log.WriteLineAsync(
            $"  {count} reminders inserted in {insert.Elapsed.TotalSeconds:F2} s; firing with {loops} poll loop(s) at the due time");
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }

        var metrics = silo.Metrics;
        metrics.ResetLateness();
        var firedBefore = metrics.RemindersFired;
        var absorbedBefore = metrics.RemindersAbsorbed;
        var meter = CpuMeter.Start(context.Database);
        var clock = Stopwatch.StartNew();
        // Bounded: a stuck run stops at a deadline that assumes no more than 5 ms per reminder.
        var deadline = TimeSpan.FromSeconds(60) + TimeSpan.FromMilliseconds(5.0 * count);
        var pollers = Enumerable.Range(0, loops).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < deadline && metrics.RemindersFired - firedBefore < count)
            {
                if (await silo.Reminders.PollOnceAsync(cancellationToken) == 0)
                {
                    // Nothing claimable: the rest is in the other loop's lease (or failed); look again shortly.
                    await Task.Delay(5, cancellationToken);
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(pollers);
        var elapsed = clock.Elapsed;
        var fired = metrics.RemindersFired - firedBefore;
        var cpu = meter.Stop(fired);
        var p50 = metrics.LatenessPercentile(50) ?? double.NaN;
        var p99 = metrics.LatenessPercentile(99) ?? double.NaN;
        await context.Log.WriteLineAsync($"  fired {fired} in {elapsed.TotalSeconds:F2} s: {fired / elapsed.TotalSeconds:F0}/s, lateness p50 {p50:F0} ms, p99 {p99:F0} ms");

        var check = await VerifyAsync(db, prefix, cancellationToken);
        result.Rows.Add(new BenchRow()
            .Add("reminders", count, "F0")
            .Add("poll_loops", loops, "F0")
            .Add("insert_s", insert.Elapsed.TotalSeconds)
            .Add("fire_s", elapsed.TotalSeconds)
            .Add("fired_s", fired / elapsed.TotalSeconds, "F0")
            .Add("late_p50_ms", p50, "F0")
            .Add("late_p99_ms", p99, "F0")
            .Add("late_max_ms", check.MaxLatenessMs, "F0")
            .Add("fired_once", check.Once, "F0")
            .Add("absorbed", metrics.RemindersAbsorbed - absorbedBefore, "F0")
            .Add("srv_cpu_us", cpu.ServerMicros, "F0")
            .Add("busy_pct", cpu.MachineBusyPercent, "F0"));
        result.Checks.Add(new BenchCheck(
            $"poll loops {loops}: each of {count} reminders fired exactly once (once {check.Once}, never {check.Never}, " +
            $"more than once {check.More}, reminders left {check.Left}, host counted {fired})",
            check.Once == count && check.Never == 0 && check.More == 0 && check.Left == 0 && fired == count));
        if (wait <= TimeSpan.Zero)
        {
            result.Notes.Add($"poll loops {loops}: the insert ended {-wait.TotalMilliseconds:F0} ms after the due time; that much of the lateness is setup.");
        }
    }

    private static async Task InsertAsync(NpgsqlDataSource db, string prefix, int count, DateTimeOffset due, CancellationToken cancellationToken)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await using (var state = new NpgsqlCommand("""
            INSERT INTO grain_state (grain_type, grain_id, version, state)
            SELECT 'bench-alarm', $1 || g, 1, '{"fired":0,"latenessMs":0}'::jsonb FROM generate_series(1, $2) g
            """, conn, tx))
        {
            state.Parameters.Add(new NpgsqlParameter { Value = prefix });
            state.Parameters.Add(new NpgsqlParameter { Value = count });
            await state.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var reminders = new NpgsqlCommand("""
            INSERT INTO reminders (grain_type, grain_id, name, due_at)
            SELECT 'bench-alarm', $1 || g, $3, $4 FROM generate_series(1, $2) g
            """, conn, tx))
        {
            reminders.Parameters.Add(new NpgsqlParameter { Value = prefix });
            reminders.Parameters.Add(new NpgsqlParameter { Value = count });
            reminders.Parameters.Add(new NpgsqlParameter { Value = BenchAlarmGrain.ReminderName });
            reminders.Parameters.Add(new NpgsqlParameter { Value = due });
            await reminders.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        await using var analyze = new NpgsqlCommand("ANALYZE reminders", conn);
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<Verification> VerifyAsync(NpgsqlDataSource db, string prefix, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("""
            SELECT count(*) FILTER (WHERE (state->>'fired')::int = 1),
                   count(*) FILTER (WHERE (state->>'fired')::int = 0),
                   count(*) FILTER (WHERE (state->>'fired')::int > 1),
                   coalesce(max((state->>'latenessMs')::float8), 0),
                   (SELECT count(*) FROM reminders WHERE grain_type = 'bench-alarm' AND starts_with(grain_id, $1))
            FROM grain_state WHERE grain_type = 'bench-alarm' AND starts_with(grain_id, $1)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = prefix });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new Verification(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3), reader.GetInt64(4));
    }

    private static DateTimeOffset Micro(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    private sealed record Verification(long Once, long Never, long More, double MaxLatenessMs, long Left);
}
