using System.Diagnostics;
using Npgsql;
using P4Orleans.Bench.Harness;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>The raw side of bulk intake: the same rows, read back in COPY's binary format and written again with one COPY per table.</summary>
public static class RawCopy
{
    /// <summary>A table and the rows to copy: the non-generated columns of the rows a <c>WHERE</c> selects.</summary>
    public sealed record Source(string Table, string Where);

    /// <summary>The rows of one table in COPY's binary format.</summary>
    public sealed record Copied(string Table, string Columns, byte[] Data, long Rows);

    /// <summary>The tables a bulk job writes, restricted to the job's rows.</summary>
    public static IReadOnlyList<Source> IntakeTables(Guid job)
    {
        // The job id is a Guid the harness got back from the intake: a safe literal (COPY takes no parameters).
        var ofJob = $"(SELECT dossier_id FROM dossier_intake WHERE job_id = '{job:D}')";
        return
        [
            new("orleans_grain_state", $"service_id = 'p4orleans' AND state_name = 'dossier' AND grain_key IN {ofJob}"),
            new("dossier_keys", $"dossier_id IN {ofJob}"),
            new("journal", $"service_id = 'p4orleans' AND grain_type = 'dossier' AND grain_key IN {ofJob}"),
            new("timeline", $"service_id = 'p4orleans' AND grain_type = 'dossier' AND grain_key IN {ofJob}"),
            new("key_date_texts", $"service_id = 'p4orleans' AND grain_type = 'dossier' AND grain_key IN {ofJob}"),
            new("ledger_entries", $"service_id = 'p4orleans' AND grain_type = 'dossier' AND grain_key IN {ofJob}"),
            new("dossier_intake", $"job_id = '{job:D}'"),
            new("intake_job_lines", $"job_id = '{job:D}'"),
        ];
    }

    /// <summary>Reads the rows (untimed).</summary>
    public static async Task<List<Copied>> ReadAsync(NpgsqlDataSource db, IReadOnlyList<Source> sources, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var list = new List<Copied>();
        await using var conn = await db.OpenConnectionAsync(ct);
        foreach (var s in sources)
        {
            var columns = string.Join(", ", await db.StringsAsync(
                "SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position",
                ct, s.Table));
            using var buffer = new MemoryStream();
            await using (var reader = await conn.BeginRawBinaryCopyAsync($"COPY (SELECT {columns} FROM {s.Table} WHERE {s.Where}) TO STDOUT (FORMAT BINARY)", ct))
            {
                await reader.CopyToAsync(buffer, ct);
            }
            var rows = await db.LongAsync($"SELECT count(*) FROM {s.Table} WHERE {s.Where}", ct);
            list.Add(new Copied(s.Table, columns, buffer.ToArray(), rows));
        }
        return list;
    }

    /// <summary>Fresh raw tables, then every table's rows in one transaction (timed from BEGIN to COMMIT).</summary>
    public static async Task<(TimeSpan Elapsed, CpuUse Cpu)> WriteAsync(BenchContext context, NpgsqlDataSource db, IReadOnlyList<Copied> copied,
        int titles, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(copied);
        foreach (var c in copied)
        {
            await db.ExecuteAsync($"DROP TABLE IF EXISTS raw_{c.Table}; CREATE TABLE raw_{c.Table} (LIKE {c.Table} INCLUDING ALL)", ct);
        }
        await db.CheckpointAsync(ct);
        var meter = CpuMeter.Start(context.Database);
        var clock = Stopwatch.StartNew();
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            foreach (var c in copied)
            {
                await using var writer = await conn.BeginRawBinaryCopyAsync($"COPY raw_{c.Table} ({c.Columns}) FROM STDIN (FORMAT BINARY)", ct);
                await writer.WriteAsync(c.Data, ct);
            }
            await tx.CommitAsync(ct);
        }
        clock.Stop();
        return (clock.Elapsed, meter.Stop(titles));
    }

    /// <summary>True when each raw table holds as many rows as were read.</summary>
    public static async Task<bool> SameCountsAsync(NpgsqlDataSource db, IReadOnlyList<Copied> copied, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(copied);
        foreach (var c in copied)
        {
            if (await db.LongAsync($"SELECT count(*) FROM raw_{c.Table}", ct) != c.Rows)
            {
                return false;
            }
        }
        return true;
    }
}
