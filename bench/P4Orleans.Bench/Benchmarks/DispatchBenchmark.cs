using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;
using P4Orleans.Bench.Harness;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Dispatch;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>
/// 100,000 dossiers awaiting dispatch (10,000 with <c>--quick</c>, <c>--titles N</c>) over 500 offices (50,
/// <c>--offices N</c>), dispatched by <c>DispatchService.RunOnceAsync</c> (dispatcher grains, one turn per dossier),
/// against the same writes done set-based (state and journal entry, 5,000 rows a statement) on a copy of the rows.
/// </summary>
public sealed class DispatchBenchmark : IBenchmark
{
    private const double TargetRatio = 0.25;
    private const int Batch = 5_000;


    public string Name => "dispatch";

    public string Description => "dispatch over the offices (dispatcher grains, a turn per dossier) vs a raw batched UPDATE";

    public async Task<BenchmarkResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new BenchmarkResult(Name, Description);
        var count = context.Options.Titles ?? (context.Options.Quick ? 10_000 : 100_000);
        var officeCount = context.Options.Offices ?? (context.Options.Quick ? 50 : 500);
        // One dispatcher call runs a whole batch of 5,000 turns: on a loaded 2-core machine that outlasts Orleans' 30 s
        // response timeout (README: findings), so this silo waits up to 10 minutes for an answer.
        await using var silo = await BenchSilo.StartAsync(context.Database, "bench-dispatch", cancellationToken: cancellationToken,
            configure: s => s.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(10)));
        await using var raw = RawDatabase.Create(context.Database, "bench-raw");
        var awaiting = await Population.EnsureAsync(context, silo, count, "status = 'AwaitingDispatch'", cancellationToken);
        var extra = await raw.LongAsync($"SELECT count(*) FROM orleans_grain_state WHERE {Population.DossierRows} AND status = 'AwaitingDispatch'", cancellationToken);
        var n = (int)extra;
        // Room for twice the dossiers actually awaiting (the database may hold more than asked): an arrondissement with
        // fewer offices than its share of dossiers still has room, so that every dossier finds an office.
        var capacity = Math.Max(400, 2 * n / officeCount);

        var arrondissements = P4Orleans.Law.Arrondissements.All.Select(a => a.Id).ToArray();
        var offices = Enumerable.Range(0, officeCount).Select(j => (Id: $"office-{j:D4}", Arrondissement: arrondissements[j % arrondissements.Length])).ToList();
        await Parallel.ForEachAsync(offices, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (o, _) =>
            await silo.Grains.GetGrain<IBailiffGrain>(o.Id).RegisterAsync(
                new BailiffRegistration($"Étude {o.Id}", "CH-" + o.Id[^4..], o.Arrondissement, capacity)));

        // The raw side's copy of the rows as they are now, and an office per dossier (round robin in its arrondissement).
        await raw.ExecuteAsync($"""
            DROP TABLE IF EXISTS raw_dispatch; DROP TABLE IF EXISTS raw_dispatch_journal; DROP TABLE IF EXISTS raw_dispatch_timeline;
            DROP TABLE IF EXISTS raw_dispatch_texts;
            CREATE TABLE raw_dispatch (LIKE orleans_grain_state INCLUDING ALL);
            CREATE TABLE raw_dispatch_texts (LIKE key_date_texts INCLUDING ALL);
            CREATE TABLE raw_dispatch_journal (LIKE journal INCLUDING ALL);
            CREATE TABLE raw_dispatch_timeline (LIKE timeline INCLUDING ALL);
            INSERT INTO raw_dispatch (service_id, state_name, grain_key, version, payload, modified_at)
                SELECT service_id, state_name, grain_key, version, payload, modified_at FROM orleans_grain_state
                WHERE {Population.DossierRows} AND status = 'AwaitingDispatch';
            ANALYZE raw_dispatch
            """, cancellationToken);
        var byArrondissement = offices.GroupBy(o => o.Arrondissement).ToDictionary(g => g.Key, g => g.Select(o => o.Id).ToArray());
        var rows = await RowsAsync(raw, cancellationToken);
        var assignment = rows.Select((r, i) => (r.Key, Office: byArrondissement.TryGetValue(r.Arrondissement, out var list) ? list[i % list.Length] : offices[0].Id)).ToList();

        var rawBefore = await RawAsync(context, raw, assignment, 0, cancellationToken);
        await raw.CheckpointAsync(cancellationToken);
        var dispatcher = silo.Services.GetRequiredService<DispatchService>();
        var meter = CpuMeter.Start(context.Database);
        var clock = Stopwatch.StartNew();
        var done = await dispatcher.RunOnceAsync(cancellationToken);
        clock.Stop();
        var cpu = meter.Stop(n);
        await context.Log.WriteLineAsync($"  dispatched {done.Assigned} (manual {done.ManualDecisions}, failed {done.Failed}) in {clock.Elapsed.TotalSeconds:F1} s");
        var rawAfter = await RawAsync(context, raw, assignment, 1, cancellationToken);
        var rawRate = 2 * n / (rawBefore.Elapsed.TotalSeconds + rawAfter.Elapsed.TotalSeconds);
        var ratio = n / clock.Elapsed.TotalSeconds / rawRate;
        Row(result, "raw UPDATE + journal, timeline, reason INSERTs, 5,000 (before)", n, rawBefore.Elapsed, rawRate, rawBefore.Cpu);
        Row(result, "DispatchService.RunOnceAsync", n, clock.Elapsed, rawRate, cpu);
        Row(result, "raw UPDATE + journal, timeline, reason INSERTs, 5,000 (after)", n, rawAfter.Elapsed, rawRate, rawAfter.Cpu);
        result.Targets.Add(new BenchTarget($"ratio dispatch/raw >= {TargetRatio} (measured {ratio:F3})", ratio >= TargetRatio));

        var left = await raw.LongAsync($"SELECT count(*) FROM orleans_grain_state WHERE {Population.DossierRows} AND status = 'AwaitingDispatch'", cancellationToken);
        var wrongArrondissement = await raw.LongAsync("""
            SELECT count(*) FROM orleans_grain_state d JOIN orleans_grain_state b
              ON b.service_id = d.service_id AND b.state_name = 'bailiff' AND b.grain_key = d.office_id
            WHERE d.service_id = 'p4orleans' AND d.state_name = 'dossier' AND d.status = 'Assigned'
              AND b.payload ->> 'arrondissementId' IS DISTINCT FROM d.arrondissement_id
            """, cancellationToken);
        var fullest = await raw.LongAsync($"SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM orleans_grain_state WHERE {Population.DossierRows} " +
            "AND office_id IS NOT NULL AND status = ANY($1) GROUP BY office_id) x", cancellationToken, (object)DispatchService.OpenStatuses);
        result.Checks.Add(new BenchCheck($"all dispatched ({done.Assigned} assigned, {done.ManualDecisions} to a manual decision, {done.Failed} failed; {left} left awaiting)",
            left == 0 && done.Failed == 0 && done.Assigned == n));
        result.Checks.Add(new BenchCheck($"each to an office of its arrondissement ({wrongArrondissement} elsewhere)", wrongArrondissement == 0));
        result.Checks.Add(new BenchCheck($"no office above its capacity of {capacity} (fullest holds {fullest})", fullest <= capacity));
        result.Notes.Add($"{n} dossiers awaiting dispatch (bulk intake; {awaiting.Count} asked for), {officeCount} offices, office j in arrondissement " +
            $"j mod 12, capacity {capacity}, registered through IBailiffGrain.RegisterAsync. Dispatch: DispatchService.RunOnceAsync on a silo " +
            "whose own rounds are off, timed to its return: one IDispatcherGrain per arrondissement, batches of 5,000 (the default; the silo's response timeout raised to 10 minutes, as one call runs a whole batch), " +
            "IDossierGrain.AssignAsync per dossier, 32 at a time (state and journal in one storage write, the acceptance reminder).");
        result.Notes.Add("Raw: a copy of the awaiting rows (LIKE orleans_grain_state INCLUDING ALL: same indexes and generated columns), the " +
            "office per dossier precomputed; per 5,000 dossiers one transaction: UPDATE ... SET payload = payload || {status, assignedOfficeId}, " +
            "version + 1 FROM unnest($keys, $offices) and INSERTs of one journal entry, one timeline entry and one key-date reason (upsert) per dossier. Before and after the dispatch (mean). " +
            "It writes no reminder and runs no policy: the floor of the same writes, set-based.");
        return result;
    }

    private static async Task<List<(string Key, string Arrondissement)>> RowsAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT grain_key, coalesce(arrondissement_id, '') FROM raw_dispatch ORDER BY grain_key");
        var list = new List<(string, string)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add((r.GetString(0), r.GetString(1)));
        }
        return list;
    }

    private static async Task<(TimeSpan Elapsed, CpuUse Cpu)> RawAsync(BenchContext context, NpgsqlDataSource db,
        List<(string Key, string Office)> assignment, int run, CancellationToken ct)
    {
        await db.CheckpointAsync(ct);
        var meter = CpuMeter.Start(context.Database);
        var clock = Stopwatch.StartNew();
        await using var conn = await db.OpenConnectionAsync(ct);
        for (var i = 0; i < assignment.Count; i += Batch)
        {
            var part = assignment.Skip(i).Take(Batch).ToList();
            await using var tx = await conn.BeginTransactionAsync(ct);
            await using var cmd = new NpgsqlCommand("""
                WITH a AS (SELECT * FROM unnest($1::text[], $2::text[]) AS a(k, o)),
                u AS (UPDATE raw_dispatch d SET version = d.version + 1, modified_at = now(),
                        payload = d.payload || jsonb_build_object('status', 'Assigned', 'assignedOfficeId', a.o)
                      FROM a WHERE d.service_id = 'p4orleans' AND d.state_name = 'dossier' AND d.grain_key = a.k RETURNING d.grain_key),
                j AS (INSERT INTO raw_dispatch_journal (service_id, grain_type, grain_key, seq, at, kind, data)
                SELECT 'p4orleans', 'dossier', a.k, 1000000 + $3, now(), 'assigned', jsonb_build_object('officeId', a.o) FROM a),
                x AS (INSERT INTO raw_dispatch_texts (service_id, grain_type, grain_key, name, french, dutch)
                SELECT 'p4orleans', 'dossier', a.k, 'acceptance-deadline', 'acceptation ' || a.o, 'aanvaarding ' || a.o FROM a
                ON CONFLICT (service_id, grain_type, grain_key, name) DO UPDATE SET french = EXCLUDED.french, dutch = EXCLUDED.dutch)
                INSERT INTO raw_dispatch_timeline (service_id, grain_type, grain_key, seq, entry)
                SELECT 'p4orleans', 'dossier', a.k, 1000000 + $3, jsonb_build_object('kind', 'Assign', 'status', 'Assigned', 'detail', a.o) FROM a
                """, conn, tx);
            cmd.Parameters.Add(new NpgsqlParameter { Value = part.Select(p => p.Key).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = part.Select(p => p.Office).ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = run });
            await cmd.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
        }
        clock.Stop();
        return (clock.Elapsed, meter.Stop(assignment.Count));
    }

    private static void Row(BenchmarkResult result, string step, int count, TimeSpan elapsed, double rawRate, CpuUse cpu) =>
        result.Rows.Add(new BenchRow().Add("step", step).Add("dossiers", count, "F0").Add("seconds", elapsed.TotalSeconds)
            .Add("per_s", count / elapsed.TotalSeconds, "F0").Add("vs_raw", count / elapsed.TotalSeconds / rawRate, "F3")
            .Add("client_cpu_us", cpu.ClientMicros, "F0").Add("server_cpu_us", cpu.ServerMicros, "F0").Add("busy_pct", cpu.MachineBusyPercent, "F0"));
}
