using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Bench.Harness;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Dispatch;
using P4Orleans.Recovery.Intake;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>
/// 100,000 dossiers awaiting dispatch (10,000 with <c>--quick</c>) over 500 bailiff offices (50), spread
/// over the 12 arrondissements, dispatched by <c>DispatchService.RunOnceAsync</c> (a grain turn per
/// dossier), against a raw batched UPDATE of the same rows in a copy of the table, in the same run; then
/// the offices' messages delivered by <c>MessagePump.PollOnceAsync</c>, timed on their own.
/// </summary>
public sealed class DispatchBenchmark : IBenchmark
{
    private const int Capacity = 400;
    private const int RawBatch = 5_000;

    public string Name => "dispatch";

    public string Description => "batch dispatch of dossiers awaiting dispatch (grain turns) vs raw batched UPDATE; then the offices' messages";

    public async Task<BenchmarkResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var result = new BenchmarkResult(Name, Description);
        var count = context.Options.Titles ?? (context.Options.Quick ? 10_000 : 100_000);
        var officeCount = context.Options.Offices ?? (context.Options.Quick ? 50 : 500);
        await using var silo = BenchSilo.CreateRecovery(context.Database.ConnectionString, "bench-dispatch", new Dictionary<string, string?>
        {
            ["Silo:MaxActivations"] = (count + officeCount + 10_000).ToString(CultureInfo.InvariantCulture),
        });
        await using var raw = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(context.Database.ConnectionString) { ApplicationName = "bench-raw" }.ConnectionString);
        var db = silo.Services.GetRequiredService<NpgsqlDataSource>();

        // The dossiers: those the bulk-intake benchmark left awaiting dispatch, completed by a bulk intake of fresh titles (untimed).
        var waiting = await WaitingAsync(raw, cancellationToken);
        var source = waiting.Count >= count ? "left by bulk-intake" : waiting.Count == 0 ? "fresh, by an untimed bulk intake" : "left by bulk-intake, completed by an untimed bulk intake";
        if (waiting.Count < count)
        {
            await IntakeFreshAsync(context, silo, count - waiting.Count, cancellationToken);
            waiting = await WaitingAsync(raw, cancellationToken);
        }
        var n = waiting.Count;
        await context.Log.WriteLineAsync($"  {n} dossiers awaiting dispatch: {source}");

        // The offices, registered through their grains (RegisterAsync, 32 at a time): office j in arrondissement j mod 12.
        var arrondissements = P4Orleans.Law.Arrondissements.All.Select(a => a.Id).ToArray();
        var offices = Enumerable.Range(0, officeCount).Select(j => (Id: $"office-{j:D4}", Arrondissement: arrondissements[j % arrondissements.Length])).ToList();
        var register = Stopwatch.StartNew();
        await Parallel.ForEachAsync(offices, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (o, _) =>
            await silo.Grains.GetGrain<IBailiffGrain>(o.Id).RegisterAsync(
                new BailiffRegistration($"Étude {o.Id}", "CH-" + o.Id[^4..], o.Arrondissement, Capacity)));
        register.Stop();
        await context.Log.WriteLineAsync($"  {officeCount} offices registered through their grains in {register.Elapsed.TotalSeconds:F1} s");

        // The raw side: a copy of the dossiers' rows as they are now, and an office per dossier (round robin in its arrondissement).
        var assignment = RawAssignment(waiting, offices);
        await using (var conn = await raw.OpenConnectionAsync(cancellationToken))
        {
            await using var copy = new NpgsqlCommand("""
                DROP TABLE IF EXISTS raw_dispatch_source;
                CREATE TABLE raw_dispatch_source AS SELECT * FROM grain_state WHERE grain_type = 'dossier' AND idx_status = 'AwaitingDispatch'
                """, conn);
            await copy.ExecuteNonQueryAsync(cancellationToken);
        }

        var rawBefore = await RawUpdateAsync(context, raw, assignment, cancellationToken);
        var readsBefore = await DispatcherReadsAsync(raw, cancellationToken);
        var dispatcher = silo.Services.GetRequiredService<DispatchService>();
        await BulkIntakeBenchmark.CheckpointAsync(db, cancellationToken);
        var turnsBefore = silo.Metrics.Turns;
        var meter = CpuMeter.Start(context.Database);
        var clock = Stopwatch.StartNew();
        var batch = await dispatcher.RunOnceAsync(cancellationToken);
        clock.Stop();
        var dispatchCpu = meter.Stop(n);
        var dispatchTurns = silo.Metrics.Turns - turnsBefore;
        await context.Log.WriteLineAsync($"  dispatched {batch.Assigned} (manual {batch.ManualDecisions}, failed {batch.Failed}) in {clock.Elapsed.TotalSeconds:F1} s");
        var rawAfter = await RawUpdateAsync(context, raw, assignment, cancellationToken);
        var readsAfter = await DispatcherReadsAsync(raw, cancellationToken);
        var rawRate = 2 * n / (rawBefore.Elapsed.TotalSeconds + rawAfter.Elapsed.TotalSeconds);

        var (messagesTime, messages, messagesCpu) = await DeliverAsync(context, silo, db, n, cancellationToken);

        AddRow(result, "raw UPDATE, 5,000 per statement (before)", n, rawBefore.Elapsed, rawRate, rawBefore.Cpu);
        AddRow(result, "DispatchService.RunOnceAsync", n, clock.Elapsed, rawRate, dispatchCpu);
        AddRow(result, "raw UPDATE, 5,000 per statement (after)", n, rawAfter.Elapsed, rawRate, rawAfter.Cpu);
        AddRow(result, "MessagePump: offices' messages", messages, messagesTime, double.NaN, messagesCpu);
        var ratio = n / clock.Elapsed.TotalSeconds / rawRate;
        await context.Log.WriteLineAsync($"  dispatch {n / clock.Elapsed.TotalSeconds:F0}/s, raw UPDATE {rawRate:F0}/s: ratio {ratio:F3}");

        await VerifyAsync(raw, result, waiting, batch, officeCount, messages, cancellationToken);
        var batches = (n + 4_999) / 5_000;
        result.Notes.Add($"The dispatcher's reads, replayed by hand (SQL copied from DispatchService; median of 3, ms): with {n:N0} awaiting and " +
            $"none assigned, the awaiting query (LIMIT 5,000) {readsBefore.Waiting:F0}, the same without its jsonb column " +
            $"(excludedOfficeIds) {readsBefore.WaitingNoJson:F0}, the offices query {readsBefore.Offices:F0}; with none awaiting and " +
            $"{n:N0} assigned, the offices query {readsAfter.Offices:F0}. RunOnceAsync runs both once per batch ({batches} batches, plus a " +
            "last empty look); the first query's cost falls with the dossiers still awaiting, the second's grows with those assigned: about " +
            $"{((readsBefore.Waiting + readsAfter.Offices) * (batches + 1) / 2) / 1000:F1} s of the dispatch.");
        result.Notes.Add($"{n:N0} dossiers, {source}, every one in an arrondissement, i mod 12; {officeCount} offices, office j in " +
            $"arrondissement j mod 12, capacity {Capacity} each, registered through IBailiffGrain.RegisterAsync (32 calls at a time: " +
            $"{register.Elapsed.TotalSeconds:F1} s for {officeCount}), not by SQL.");
        result.Notes.Add("Dispatch: DispatchService.RunOnceAsync on a host whose loops are off, timed to its return: batches of 5,000 " +
            "(the default), each reading the dossiers awaiting dispatch and the offices with their load in SQL, choosing with " +
            "DispatchPolicy, then IDossierGrain.AssignAsync per dossier, 32 turns at a time (each turn: state, journal, acceptance " +
            $"reminder and a DossierAssigned message to the office in one transaction). {dispatchTurns:N0} turns counted by the host.");
        result.Notes.Add("Raw: a copy of the same rows (CREATE TABLE raw_dispatch (LIKE grain_state INCLUDING ALL), filled and analysed " +
            "untimed), then UPDATE raw_dispatch SET idx_owner, idx_status = 'Assigned', version + 1, updated_at FROM unnest($ids, $owners) " +
            "in statements of 5,000 rows, each its own transaction, one connection; the office per dossier precomputed (round robin in " +
            "its arrondissement). Run before and after the dispatch; the ratio uses their mean. It writes no journal, reminder or message.");
        result.Notes.Add("Messages: after the dispatch, MessagePump.PollOnceAsync until the outbox is empty (claims of 1,000, 32 deliveries " +
            "at a time, the host's defaults): one DossierAssigned turn per dossier on its office's grain, which adds the dossier to its " +
            "open dossiers. A CHECKPOINT precedes every timed step. cpu_us: CPU per dossier (per message) of this process and of PostgreSQL.");
        return result;
    }

    private static void AddRow(BenchmarkResult result, string step, long count, TimeSpan elapsed, double rawRate, CpuUse cpu)
    {
        var rate = count / elapsed.TotalSeconds;
        result.Rows.Add(new BenchRow()
            .Add("step", step)
            .Add("count", count, "F0")
            .Add("seconds", elapsed.TotalSeconds)
            .Add("per_s", rate, "F0")
            .Add("vs_raw", rate / rawRate, "F3")
            .Add("client_cpu_us", cpu.ClientMicros, "F0")
            .Add("server_cpu_us", cpu.ServerMicros, "F0")
            .Add("busy_pct", cpu.MachineBusyPercent, "F0"));
    }

    private static async Task<List<(string Id, string Arrondissement)>> WaitingAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT grain_id, idx_group FROM grain_state WHERE grain_type = 'dossier' AND idx_status = 'AwaitingDispatch' ORDER BY grain_id");
        var list = new List<(string, string)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add((r.GetString(0), r.GetString(1)));
        }
        return list;
    }

    private static async Task IntakeFreshAsync(BenchContext context, BenchSilo silo, int count, CancellationToken ct)
    {
        var generator = new TitleGenerator(TitleGenerator.NewTag(), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), seed: 5);
        var ndjson = TitleGenerator.ToNdjson(Enumerable.Range(0, count).Select(generator.Next));
        var intake = silo.Services.GetRequiredService<IntakeService>();
        var job = await intake.StartJobAsync(null, ct);
        var clock = Stopwatch.StartNew();
        job = await intake.RunBulkAsync(job, new MemoryStream(ndjson, writable: false), _ => ValueTask.CompletedTask, ct);
        await context.Log.WriteLineAsync($"  setup: {job.Accepted} fresh dossiers by bulk intake in {clock.Elapsed.TotalSeconds:F1} s (rejected {job.Rejected})");
    }

    private static (string[] Ids, string[] Owners) RawAssignment(List<(string Id, string Arrondissement)> waiting, List<(string Id, string Arrondissement)> offices)
    {
        var byArrondissement = offices.GroupBy(o => o.Arrondissement).ToDictionary(g => g.Key, g => g.Select(o => o.Id).ToArray());
        var next = new Dictionary<string, int>();
        var owners = new string[waiting.Count];
        for (var i = 0; i < waiting.Count; i++)
        {
            var list = byArrondissement[waiting[i].Arrondissement];
            next.TryGetValue(waiting[i].Arrondissement, out var k);
            owners[i] = list[k % list.Length];
            next[waiting[i].Arrondissement] = k + 1;
        }
        return ([.. waiting.Select(w => w.Id)], owners);
    }

    private static async Task<(TimeSpan Elapsed, CpuUse Cpu)> RawUpdateAsync(BenchContext context, NpgsqlDataSource raw, (string[] Ids, string[] Owners) assignment,
        CancellationToken ct)
    {
        await using (var conn = await raw.OpenConnectionAsync(ct))
        {
            await using var setup = new NpgsqlCommand("""
                DROP TABLE IF EXISTS raw_dispatch;
                CREATE TABLE raw_dispatch (LIKE grain_state INCLUDING ALL);
                INSERT INTO raw_dispatch SELECT * FROM raw_dispatch_source;
                ANALYZE raw_dispatch
                """, conn);
            await setup.ExecuteNonQueryAsync(ct);
        }
        await BulkIntakeBenchmark.CheckpointAsync(raw, ct);
        var updated = 0;
        var now = DateTimeOffset.UtcNow;
        var meter = CpuMeter.Start(context.Database);
        var clock = Stopwatch.StartNew();
        await using (var conn = await raw.OpenConnectionAsync(ct))
        {
            for (var start = 0; start < assignment.Ids.Length; start += RawBatch)
            {
                var size = Math.Min(RawBatch, assignment.Ids.Length - start);
                await using var cmd = new NpgsqlCommand("""
                    UPDATE raw_dispatch s SET idx_owner = v.owner, idx_status = 'Assigned', version = s.version + 1, updated_at = $3
                    FROM unnest($1::text[], $2::text[]) AS v(id, owner)
                    WHERE s.grain_type = 'dossier' AND s.grain_id = v.id
                    """, conn);
                cmd.Parameters.Add(new NpgsqlParameter { Value = assignment.Ids[start..(start + size)] });
                cmd.Parameters.Add(new NpgsqlParameter { Value = assignment.Owners[start..(start + size)] });
                cmd.Parameters.Add(new NpgsqlParameter { Value = now });
                updated += await cmd.ExecuteNonQueryAsync(ct);
            }
        }
        clock.Stop();
        var cpu = meter.Stop(assignment.Ids.Length);
        if (updated != assignment.Ids.Length)
        {
            throw new InvalidOperationException($"The raw UPDATE touched {updated} rows, not {assignment.Ids.Length}.");
        }
        await context.Log.WriteLineAsync($"  raw UPDATE of {updated} rows in {clock.Elapsed.TotalSeconds:F2} s");
        return (clock.Elapsed, cpu);
    }

    private static async Task<(TimeSpan Elapsed, long Delivered, CpuUse Cpu)> DeliverAsync(BenchContext context, BenchSilo silo, NpgsqlDataSource db, int n,
        CancellationToken ct)
    {
        await BulkIntakeBenchmark.CheckpointAsync(db, ct);
        var deliveredBefore = silo.Metrics.MessagesDelivered;
        var meter = CpuMeter.Start(context.Database);
        var clock = Stopwatch.StartNew();
        // Bounded: a stuck delivery stops at a deadline that assumes no more than 20 ms per message.
        var deadline = TimeSpan.FromSeconds(60) + TimeSpan.FromMilliseconds(20.0 * n);
        long taken = 0;
        while (clock.Elapsed < deadline)
        {
            var claimed = await silo.Messages.PollOnceAsync(ct);
            taken += claimed;
            if (claimed == 0)
            {
                if (await OutboxLeftAsync(db, ct) == 0)
                {
                    break;
                }
                // Failed deliveries wait for their retry time: look again shortly.
                await Task.Delay(100, ct);
            }
        }
        clock.Stop();
        var delivered = silo.Metrics.MessagesDelivered - deliveredBefore;
        var cpu = meter.Stop(Math.Max(1, delivered));
        await context.Log.WriteLineAsync($"  messages: {taken} claimed, {delivered} delivered in {clock.Elapsed.TotalSeconds:F1} s");
        return (clock.Elapsed, delivered, cpu);
    }

    // Copies of DispatchService's two reads (WaitingAsync, OfficesAsync); if the service's SQL changes, update them.
    private const string WaitingSql = """
        SELECT grain_id, idx_group, coalesce(state -> 'excludedOfficeIds', '[]'::jsonb)::text FROM grain_state
        WHERE grain_type = $1 AND idx_status = $2 ORDER BY updated_at, grain_id LIMIT $3
        """;

    private const string WaitingNoJsonSql = """
        SELECT grain_id, idx_group FROM grain_state
        WHERE grain_type = $1 AND idx_status = $2 ORDER BY updated_at, grain_id LIMIT $3
        """;

    private const string OfficesSql = """
        WITH load AS (
            SELECT idx_owner AS office, count(*)::int AS open FROM grain_state
            WHERE grain_type = $2 AND idx_owner IS NOT NULL AND idx_status = ANY($3) GROUP BY idx_owner)
        SELECT b.grain_id, b.idx_status, b.idx_group, coalesce((b.state ->> 'capacity')::int, 0), coalesce(load.open, 0)
        FROM grain_state b LEFT JOIN load ON load.office = b.grain_id
        WHERE b.grain_type = $1 AND b.state IS NOT NULL
        """;

    private static async Task<(double Waiting, double WaitingNoJson, double Offices)> DispatcherReadsAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        async Task<double> MedianAsync(string sql, object[] args)
        {
            var times = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                await using var cmd = db.CreateCommand(sql);
                foreach (var a in args)
                {
                    cmd.Parameters.Add(new NpgsqlParameter { Value = a });
                }
                var clock = Stopwatch.StartNew();
                await using (var r = await cmd.ExecuteReaderAsync(ct))
                {
                    while (await r.ReadAsync(ct))
                    {
                        // Read every row, as the service does.
                    }
                }
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
            return times.Order().ElementAt(1);
        }
        var waiting = await MedianAsync(WaitingSql, ["dossier", "AwaitingDispatch", 5_000]);
        var noJson = await MedianAsync(WaitingNoJsonSql, ["dossier", "AwaitingDispatch", 5_000]);
        var offices = await MedianAsync(OfficesSql, ["bailiff", "dossier", DispatchService.OpenStatuses]);
        return (waiting, noJson, offices);
    }

    private static async Task<long> OutboxLeftAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT count(*) FROM outbox WHERE NOT dead");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static async Task VerifyAsync(NpgsqlDataSource db, BenchmarkResult result, List<(string Id, string Arrondissement)> waiting, DispatchBatch batch,
        int officeCount, long messages, CancellationToken ct)
    {
        var n = waiting.Count;
        var ids = waiting.Select(w => w.Id).ToArray();
        await using var cmd = db.CreateCommand("""
            WITH d AS (SELECT grain_id, idx_status, idx_owner, idx_group FROM grain_state WHERE grain_type = 'dossier' AND grain_id = ANY($1)),
                 per_office AS (SELECT idx_owner, count(*) AS assigned FROM d WHERE idx_status = 'Assigned' GROUP BY idx_owner),
                 b AS (SELECT grain_id, idx_group, idx_amount, (state ->> 'capacity')::int AS capacity FROM grain_state WHERE grain_type = 'bailiff')
            SELECT (SELECT count(*) FROM d WHERE idx_status = 'Assigned'),
                   (SELECT count(*) FROM d WHERE idx_status = 'AwaitingDispatch'),
                   (SELECT count(*) FROM d WHERE idx_status = 'NeedsManualDecision'),
                   (SELECT count(*) FROM d JOIN b ON b.grain_id = d.idx_owner WHERE d.idx_group IS DISTINCT FROM b.idx_group),
                   (SELECT count(*) FROM per_office),
                   (SELECT coalesce(max(assigned), 0) FROM per_office),
                   (SELECT coalesce(min(assigned), 0) FROM per_office),
                   (SELECT count(*) FROM per_office p JOIN b ON b.grain_id = p.idx_owner WHERE p.assigned > b.capacity),
                   (SELECT coalesce(sum(idx_amount), 0) FROM b),
                   (SELECT count(*) FROM b LEFT JOIN per_office p ON p.idx_owner = b.grain_id WHERE b.idx_amount IS DISTINCT FROM coalesce(p.assigned, 0)),
                   (SELECT count(*) FROM b WHERE b.idx_amount > b.capacity),
                   (SELECT count(*) FROM outbox WHERE NOT dead),
                   (SELECT count(*) FROM outbox WHERE dead),
                   (SELECT coalesce(avg(length(state::text)), 0)::bigint FROM grain_state WHERE grain_type = 'bailiff'),
                   (SELECT coalesce(max(length(state::text)), 0)::bigint FROM grain_state WHERE grain_type = 'bailiff')
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = ids });
        var v = new long[15];
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            for (var i = 0; i < v.Length; i++)
            {
                v[i] = Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);
            }
        }
        result.Checks.Add(new BenchCheck($"dispatch: all {n} assigned (RunOnceAsync: assigned {batch.Assigned}, manual {batch.ManualDecisions}, " +
            $"failed {batch.Failed}; rows: Assigned {v[0]}, AwaitingDispatch {v[1]}, NeedsManualDecision {v[2]})",
            batch.Assigned == n && batch.ManualDecisions == 0 && batch.Failed == 0 && v[0] == n && v[1] == 0 && v[2] == 0));
        result.Checks.Add(new BenchCheck($"dispatch: each to an office of its own arrondissement (wrong: {v[3]}), {v[4]} of {officeCount} offices used, " +
            $"{v[6]} to {v[5]} dossiers each, none above its capacity of {Capacity} (above: {v[7]})", v[3] == 0 && v[7] == 0 && v[5] <= Capacity));
        result.Checks.Add(new BenchCheck($"messages: {messages} delivered, outbox left {v[11]} (dead {v[12]}); offices' loads sum to {v[8]}, " +
            $"{v[9]} offices whose load differs from their assigned dossiers, {v[10]} above capacity",
            messages == n && v[11] == 0 && v[12] == 0 && v[8] == n && v[9] == 0 && v[10] == 0));
        result.Notes.Add($"An office's state JSON after the messages: {v[13]:N0} characters on average, {v[14]:N0} at most (it lists its open " +
            "dossiers, so each message turn rewrites a state that grows with the office's load).");
    }
}
