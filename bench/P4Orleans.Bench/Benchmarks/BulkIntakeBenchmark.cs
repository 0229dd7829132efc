using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Silo.Database;
using NpgsqlTypes;
using P4Orleans.Bench.Harness;
using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Grains;
using P4Orleans.Law;
using P4Orleans.Recovery.Intake;
using P4Orleans.Recovery.Vault;
using P4Orleans.Silo.Runtime;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>
/// 100,000 valid titles (10,000 with <c>--quick</c>) as one NDJSON file in memory, taken in by
/// <c>IntakeService.RunBulkAsync</c> (parsed, validated, personal data sealed with a new key per dossier,
/// written with binary COPY with their reminders, journal and reference), against a raw binary COPY of
/// the same rows, computed beforehand, into fresh copies of the same tables, in the same run.
/// </summary>
public sealed class BulkIntakeBenchmark : IBenchmark
{
    private const double TargetRatio = 0.5;

    /// <summary>The intake's chunk: one transaction per 2,000 lines (<c>IntakeService.ChunkSize</c>).</summary>
    private const int IntakeChunk = 2_000;

    private static readonly string[] Tables = ["grain_state", "dossier_keys", "reminders", "grain_journal", "dossier_intake"];

    public string Name => "bulk-intake";

    public string Description => "bulk NDJSON intake (validate, seal, COPY with reminders) vs raw binary COPY of the same rows";

    public async Task<BenchmarkResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var result = new BenchmarkResult(Name, Description);
        var count = context.Options.Titles ?? (context.Options.Quick ? 10_000 : 100_000);
        await using var silo = BenchSilo.CreateRecovery(context.Database.ConnectionString, "bench-intake");
        await using var raw = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(context.Database.ConnectionString) { ApplicationName = "bench-raw" }.ConnectionString);
        var intake = silo.Services.GetRequiredService<IntakeService>();
        var vault = silo.Services.GetRequiredService<PersonalDataVault>();

        var generator = new TitleGenerator(TitleGenerator.NewTag(), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1));
        var titles = Enumerable.Range(0, count).Select(generator.Next).ToList();
        var ndjson = TitleGenerator.ToNdjson(titles);
        await context.Log.WriteLineAsync($"  {count} titles generated: {ndjson.Length / 1e6:F1} MB of NDJSON");

        // The raw side's rows, made by the same code as the intake's (outside the timing): what a COPY would write.
        var prepare = Stopwatch.StartNew();
        var prepareAllocated = GC.GetAllocatedBytesForCurrentThread();
        var rows = Prepare(silo, vault, titles, Guid.CreateVersion7());
        prepareAllocated = GC.GetAllocatedBytesForCurrentThread() - prepareAllocated;
        prepare.Stop();
        var reminderRows = rows.Sum(r => r.Reminders.Count);
        var journalRows = rows.Sum(r => r.Journal.Count);
        await context.Log.WriteLineAsync($"  raw rows prepared in {prepare.Elapsed.TotalSeconds:F1} s (one thread): {count} states, " +
            $"{reminderRows} reminders, {journalRows} journal entries; state JSON {rows.Average(r => r.StateJson.Length):F0} bytes on average");

        // Raw, intake, raw: a drift of the shared machine's load weighs on both sides. The raw path is warmed up
        // first (JIT, pool) on 1,000 rows; the intake is not, so its first chunk pays its own warm-up.
        await RawCopyAsync(context, raw, rows.GetRange(0, Math.Min(1_000, rows.Count)), count, cancellationToken);
        var rawBefore = await RawCopyAsync(context, raw, rows, count, cancellationToken);
        var (intakeTime, job, outcomes, intakeCpu, intakeAllocated) = await IntakeAsync(context, silo, intake, ndjson, cancellationToken);
        var rawAfter = await RawCopyAsync(context, raw, rows, count, cancellationToken);
        var rawChunked = await RawCopyAsync(context, raw, rows, IntakeChunk, cancellationToken);
        var rawRate = 2 * count / (rawBefore.Elapsed.TotalSeconds + rawAfter.Elapsed.TotalSeconds);
        var intakeRate = count / intakeTime.TotalSeconds;
        var ratio = intakeRate / rawRate;

        AddRow(result, "raw COPY, 1 tx (before)", count, rawBefore.Elapsed, rawRate, rawBefore.Cpu, rawBefore.Allocated);
        AddRow(result, "bulk intake (RunBulkAsync)", count, intakeTime, rawRate, intakeCpu, intakeAllocated);
        AddRow(result, "raw COPY, 1 tx (after)", count, rawAfter.Elapsed, rawRate, rawAfter.Cpu, rawAfter.Allocated);
        AddRow(result, "raw COPY, 2,000 per tx", count, rawChunked.Elapsed, rawRate, rawChunked.Cpu, rawChunked.Allocated);
        AddRow(result, "prepare only (no database)", count, prepare.Elapsed, rawRate, null, prepareAllocated);
        await context.Log.WriteLineAsync($"  intake {intakeRate:F0} titles/s, raw COPY {rawRate:F0} titles/s: ratio {ratio:F2}");
        result.Targets.Add(new BenchTarget(
            $"ratio intake/raw COPY >= {TargetRatio} (measured {ratio.ToString("F2", CultureInfo.InvariantCulture)}, raw = mean of the 1-tx runs before and after)",
            ratio >= TargetRatio));

        await VerifyAsync(raw, result, vault, titles[0], job, outcomes, count, reminderRows, journalRows, cancellationToken);
        result.Notes.Add($"{count:N0} titles, generated with a fixed seed: 60% natural persons (NISS, 10% born from 2000, a third written " +
            "with separators), 40% legal persons (KBO), 20% with a garnishee (KBO), half with a Belgian IBAN; every geographic postal code of " +
            "the law's table, title i in arrondissement i mod 12; 1 to 4 amounts by component; 80% contraintes, 10% enforceable rolls, " +
            "10% judgments, each with a formal notice 45-120 days before the issue date; all dates in the past. " +
            $"NDJSON {ndjson.Length / 1e6:F1} MB in memory; rows per title: 1 state, 1 key, " +
            $"{(double)reminderRows / count:F1} reminders, {(double)journalRows / count:F1} journal entries, 1 reference.");
        result.Notes.Add("Intake: IntakeService.StartJobAsync (untimed), then RunBulkAsync over a MemoryStream of the file, timed to its return: " +
            "each chunk of 2,000 lines is parsed, validated by DossierIntake, sealed (new AES-256-GCM key per dossier, wrapped by the key " +
            "ring) and written in one transaction (COPY to a temporary table, INSERT ... ON CONFLICT into grain_state, then COPY of keys, " +
            "reminders, journal and references), then the job's counts are updated.");
        result.Notes.Add("Raw: the same rows computed beforehand by the same code (DossierIntake, the vault's NewKey and Seal, the host's " +
            "JSON), outside the timing ('prepare only'), then binary COPY straight into fresh tables CREATE TABLE raw_x (LIKE x INCLUDING " +
            "ALL) for the five tables (same indexes, no staging, no conflict handling), one transaction for all rows; run before and after " +
            "the intake (the ratio uses their mean), and once more with one transaction per 2,000 titles as the intake commits. A " +
            "CHECKPOINT precedes every timed side; the raw path is warmed up on 1,000 rows first, the intake is not (its first chunk pays its JIT). cpu_us: CPU per title of this process (client) and of PostgreSQL (server).");
        return result;
    }

    private static void AddRow(BenchmarkResult result, string side, int count, TimeSpan elapsed, double rawRate, CpuUse? cpu, long allocatedBytes)
    {
        var rate = count / elapsed.TotalSeconds;
        result.Rows.Add(new BenchRow()
            .Add("side", side)
            .Add("titles", count, "F0")
            .Add("seconds", elapsed.TotalSeconds)
            .Add("titles_s", rate, "F0")
            .Add("vs_raw", rate / rawRate)
            .Add("client_cpu_us", cpu?.ClientMicros ?? double.NaN, "F0")
            .Add("server_cpu_us", cpu?.ServerMicros ?? double.NaN, "F0")
            .Add("busy_pct", cpu?.MachineBusyPercent ?? double.NaN, "F0")
            .Add("alloc_kb", allocatedBytes / 1024.0 / count, "F1"));
    }

    private static List<RawDossier> Prepare(BenchSilo silo, PersonalDataVault vault, List<TitleSubmission> titles, Guid jobId)
    {
        var law = silo.Services.GetRequiredService<LawEngine>();
        var options = silo.Services.GetRequiredService<DossierOptions>();
        var now = Instants.Micro(DateTimeOffset.UtcNow);
        var rows = new List<RawDossier>(titles.Count);
        foreach (var title in titles)
        {
            var id = DossierIds.FromReference(title.Reference);
            var accepted = DossierIntake.Intake(title, new IntakeContext(id, now, law, options)).Accepted
                ?? throw new InvalidOperationException($"Generated title {title.Reference} is not valid.");
            var (key, wrapped) = vault.NewKey();
            accepted.Seal(PersonalDataVault.Seal(key, id, accepted.PersonalData));
            rows.Add(new RawDossier(id, title.Reference, JsonSerializer.SerializeToUtf8Bytes(accepted.State, JsonState.Options), accepted.State.GetIndex(), wrapped,
                accepted.Reminders, [.. accepted.Journal.Select(j => (j.Kind, JsonSerializer.SerializeToUtf8Bytes(j.Data, j.Data.GetType(), JsonState.Options)))],
                Convert.FromHexString(accepted.State.PayloadHash), jobId, now));
        }
        return rows;
    }

    private static async Task<(TimeSpan Elapsed, IntakeJob Job, int[] Outcomes, CpuUse Cpu, long Allocated)> IntakeAsync(BenchContext context, BenchSilo silo,
        IntakeService intake, byte[] ndjson, CancellationToken cancellationToken)
    {
        var db = silo.Services.GetRequiredService<NpgsqlDataSource>();
        await CheckpointAsync(db, cancellationToken);
        var job = await intake.StartJobAsync(null, cancellationToken);
        var outcomes = new int[3];
        var firstRefusals = new List<string>();
        var meter = CpuMeter.Start(context.Database);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var done = await intake.RunBulkAsync(job, new MemoryStream(ndjson, writable: false), line =>
        {
            outcomes[(int)line.Outcome]++;
            if (line.Outcome != LineOutcome.Accepted && firstRefusals.Count < 5)
            {
                firstRefusals.Add($"line {line.Line} {line.Outcome}: {string.Join("; ", line.Errors?.Select(e => $"{e.Field}: {e.Message}") ?? [])}");
            }
            return ValueTask.CompletedTask;
        }, cancellationToken);
        clock.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var lines = outcomes.Sum();
        var cpu = meter.Stop(lines);
        await context.Log.WriteLineAsync($"  bulk intake: {lines} lines in {clock.Elapsed.TotalSeconds:F1} s ({outcomes[0]} accepted, " +
            $"{outcomes[1]} duplicates, {outcomes[2]} rejected)");
        foreach (var refusal in firstRefusals)
        {
            await context.Log.WriteLineAsync("    " + refusal);
        }
        return (clock.Elapsed, done, outcomes, cpu, allocated);
    }

    private static async Task<(TimeSpan Elapsed, CpuUse Cpu, long Allocated)> RawCopyAsync(BenchContext context, NpgsqlDataSource raw, List<RawDossier> rows,
        int perTransaction, CancellationToken ct)
    {
        await using (var conn = await raw.OpenConnectionAsync(ct))
        {
            var ddl = new StringBuilder();
            foreach (var table in Tables)
            {
                ddl.Append(CultureInfo.InvariantCulture, $"DROP TABLE IF EXISTS raw_{table}; CREATE TABLE raw_{table} (LIKE {table} INCLUDING ALL);");
            }
            await ExecAsync(conn, ddl.ToString(), ct);
        }
        await CheckpointAsync(raw, ct);
        var meter = CpuMeter.Start(context.Database);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < rows.Count; start += perTransaction)
        {
            var chunk = rows.GetRange(start, Math.Min(perTransaction, rows.Count - start));
            await using var conn = await raw.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            await BinaryCopy.RowsAsync(conn, "COPY raw_grain_state (grain_type, grain_id, version, state, idx_status, idx_owner, idx_group, idx_amount, idx_date, " +
                "updated_at) FROM STDIN (FORMAT BINARY)", chunk, async (w, r) =>
                {
                    await w.WriteAsync(GrainTypes.Dossier, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(r.Id, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(1L, NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync(r.StateJson, NpgsqlDbType.Jsonb, ct);
                    await w.WriteNullableAsync(r.Index.Status, NpgsqlDbType.Text, ct);
                    await w.WriteNullableAsync(r.Index.Owner, NpgsqlDbType.Text, ct);
                    await w.WriteNullableAsync(r.Index.Group, NpgsqlDbType.Text, ct);
                    await w.WriteNullableAsync(r.Index.Amount, NpgsqlDbType.Bigint, ct);
                    await w.WriteNullableAsync(r.Index.Date, NpgsqlDbType.Date, ct);
                    await w.WriteAsync(r.Now, NpgsqlDbType.TimestampTz, ct);
                }, ct);
            await BinaryCopy.RowsAsync(conn, "COPY raw_dossier_keys (dossier_id, wrapped_key, created_at) FROM STDIN (FORMAT BINARY)", chunk, async (w, r) =>
            {
                await w.WriteAsync(r.Id, NpgsqlDbType.Text, ct);
                await w.WriteAsync(r.WrappedKey, NpgsqlDbType.Bytea, ct);
                await w.WriteAsync(r.Now, NpgsqlDbType.TimestampTz, ct);
            }, ct);
            await BinaryCopy.RowsAsync(conn, "COPY raw_reminders (grain_type, grain_id, name, due_at) FROM STDIN (FORMAT BINARY)",
                [.. chunk.SelectMany(r => r.Reminders.Select(x => (r.Id, x.Name, x.DueAt)))], async (w, x) =>
                {
                    await w.WriteAsync(GrainTypes.Dossier, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(x.Id, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(x.Name, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(Instants.Micro(x.DueAt), NpgsqlDbType.TimestampTz, ct);
                }, ct);
            await BinaryCopy.RowsAsync(conn, "COPY raw_grain_journal (grain_type, grain_id, version, at, kind, data) FROM STDIN (FORMAT BINARY)",
                [.. chunk.SelectMany(r => r.Journal.Select(j => (r.Id, r.Now, j.Kind, j.Json)))], async (w, x) =>
                {
                    await w.WriteAsync(GrainTypes.Dossier, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(x.Id, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(1L, NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync(x.Now, NpgsqlDbType.TimestampTz, ct);
                    await w.WriteAsync(x.Kind, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(x.Json, NpgsqlDbType.Jsonb, ct);
                }, ct);
            await BinaryCopy.RowsAsync(conn, "COPY raw_dossier_intake (onss_reference, dossier_id, payload_sha256, job_id, received_at) FROM STDIN (FORMAT BINARY)",
                chunk, async (w, r) =>
                {
                    await w.WriteAsync(r.Reference, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(r.Id, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(r.PayloadHash, NpgsqlDbType.Bytea, ct);
                    await w.WriteAsync(r.JobId, NpgsqlDbType.Uuid, ct);
                    await w.WriteAsync(r.Now, NpgsqlDbType.TimestampTz, ct);
                }, ct);
            await tx.CommitAsync(ct);
        }
        clock.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var cpu = meter.Stop(rows.Count);
        await context.Log.WriteLineAsync($"  raw COPY of {rows.Count}, {Math.Min(perTransaction, rows.Count)} titles per transaction: {clock.Elapsed.TotalSeconds:F1} s");
        return (clock.Elapsed, cpu, allocated);
    }

    private static async Task VerifyAsync(NpgsqlDataSource db, BenchmarkResult result, PersonalDataVault vault, TitleSubmission sample, IntakeJob job,
        int[] outcomes, int count, int reminderRows, int journalRows, CancellationToken ct)
    {
        result.Checks.Add(new BenchCheck($"intake: all {count} lines accepted (job: accepted {job.Accepted}, duplicates {job.Duplicates}, " +
            $"rejected {job.Rejected}, status {job.Status}; reported per line: {outcomes[0]} accepted)",
            job.Accepted == count && job.Duplicates == 0 && job.Rejected == 0 && job.Status == "finished" && outcomes[0] == count));

        await using var cmd = db.CreateCommand("""
            WITH ids AS (SELECT dossier_id FROM dossier_intake WHERE job_id = $1)
            SELECT (SELECT count(*) FROM ids),
                   (SELECT count(*) FROM grain_state g JOIN ids ON g.grain_type = $2 AND g.grain_id = ids.dossier_id),
                   (SELECT count(*) FROM grain_state g JOIN ids ON g.grain_type = $2 AND g.grain_id = ids.dossier_id
                       WHERE g.idx_status = 'AwaitingDispatch' AND g.state ->> 'sealedPersonalData' IS NOT NULL),
                   (SELECT count(*) FROM dossier_keys k JOIN ids USING (dossier_id)),
                   (SELECT count(*) FROM reminders r JOIN ids ON r.grain_type = $2 AND r.grain_id = ids.dossier_id),
                   (SELECT count(*) FROM grain_journal j JOIN ids ON j.grain_type = $2 AND j.grain_id = ids.dossier_id),
                   (SELECT count(*) FROM raw_grain_state), (SELECT count(*) FROM raw_dossier_keys), (SELECT count(*) FROM raw_reminders),
                   (SELECT count(*) FROM raw_grain_journal), (SELECT count(*) FROM raw_dossier_intake)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = job.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = GrainTypes.Dossier });
        var n = new long[11];
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            for (var i = 0; i < n.Length; i++)
            {
                n[i] = r.GetInt64(i);
            }
        }
        result.Checks.Add(new BenchCheck($"intake rows: dossier_intake {n[0]}, grain_state {n[1]} (awaiting dispatch with sealed personal data " +
            $"{n[2]}), dossier_keys {n[3]}, reminders {n[4]} of {reminderRows}, grain_journal {n[5]} of {journalRows}",
            n[0] == count && n[1] == count && n[2] == count && n[3] == count && n[4] == reminderRows && n[5] == journalRows));
        result.Checks.Add(new BenchCheck($"raw rows (last run): grain_state {n[6]}, dossier_keys {n[7]}, reminders {n[8]}, grain_journal {n[9]}, " +
            $"dossier_intake {n[10]}",
            n[6] == count && n[7] == count && n[8] == reminderRows && n[9] == journalRows && n[10] == count));

        // Personal data is sealed: the state holds neither the identifier nor the name, and the vault opens it.
        var id = DossierIds.FromReference(sample.Reference);
        await using var read = db.CreateCommand("SELECT state::text, state ->> 'sealedPersonalData' FROM grain_state WHERE grain_type = $1 AND grain_id = $2");
        read.Parameters.Add(new NpgsqlParameter { Value = GrainTypes.Dossier });
        read.Parameters.Add(new NpgsqlParameter { Value = id });
        string state = "", sealedValue = "";
        await using (var r = await read.ExecuteReaderAsync(ct))
        {
            if (await r.ReadAsync(ct))
            {
                state = r.GetString(0);
                sealedValue = r.IsDBNull(1) ? "" : r.GetString(1);
            }
        }
        var opened = sealedValue.Length > 0 && await vault.UnsealAsync(id, sealedValue) is { } bytes ? Encoding.UTF8.GetString(bytes) : "";
        var inClear = state.Contains(sample.Debtor.Identifier, StringComparison.Ordinal) || state.Contains(sample.Debtor.Name, StringComparison.Ordinal);
        result.Checks.Add(new BenchCheck("personal data sealed: the first title's state holds neither its debtor's identifier nor name, and the vault " +
            "unseals them", !inClear && opened.Contains(sample.Debtor.Identifier, StringComparison.Ordinal) && opened.Contains(sample.Debtor.Name, StringComparison.Ordinal)));
    }

    /// <summary>A checkpoint before a timed side, so that neither pays for the other's dirty pages (skipped without the right to).</summary>
    internal static async Task CheckpointAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        try
        {
            await using var cmd = db.CreateCommand("CHECKPOINT");
            await cmd.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // An external server where this role may not checkpoint: both sides run without.
        }
    }

    private static async Task ExecAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private sealed record RawDossier(string Id, string Reference, byte[] StateJson, GrainIndex Index, byte[] WrappedKey, IReadOnlyList<IntakeReminder> Reminders,
        IReadOnlyList<(string Kind, byte[] Json)> Journal, byte[] PayloadHash, Guid JobId, DateTimeOffset Now);
}
