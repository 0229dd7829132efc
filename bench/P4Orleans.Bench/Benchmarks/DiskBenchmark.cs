using Npgsql;
using P4Orleans.Bench.Harness;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>
/// Disk per dossier at the size the run reached: each table the platform writes per dossier (its state row, its
/// journal, its reminder, its key, its intake reference), heap with TOAST and indexes, divided by the dossiers.
/// </summary>
public sealed class DiskBenchmark : IBenchmark
{
    private static readonly string[] Tables = ["orleans_grain_state", "journal", "timeline", "key_date_texts", "ledger_entries", "dossier_documents", "orleans_reminders", "dossier_keys", "dossier_intake"];

    public string Name => "disk";

    public string Description => "disk per dossier (state row, journal rows, reminders, keys, indexes) at the size reached";

    public async Task<BenchmarkResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new BenchmarkResult(Name, Description);
        var minimum = context.Options.Quick ? 10_000 : 100_000;
        await using var raw = RawDatabase.Create(context.Database, "bench-raw");
        var dossiers = await raw.LongAsync($"SELECT count(*) FROM orleans_grain_state WHERE {Population.DossierRows}", cancellationToken);
        if (dossiers < minimum)
        {
            await using var silo = await BenchSilo.StartAsync(context.Database, "bench-disk", cancellationToken: cancellationToken);
            await Population.IntakeAsync(context, silo, (int)(minimum - dossiers), cancellationToken);
            dossiers = await raw.LongAsync($"SELECT count(*) FROM orleans_grain_state WHERE {Population.DossierRows}", cancellationToken);
        }
        await raw.ExecuteAsync("VACUUM ANALYZE", cancellationToken);
        long totalHeap = 0, totalIndexes = 0;
        foreach (var table in Tables)
        {
            await using var cmd = raw.CreateCommand(
                "SELECT pg_table_size($1::regclass), pg_indexes_size($1::regclass), (SELECT reltuples::bigint FROM pg_class WHERE oid = $1::regclass)");
            cmd.Parameters.Add(new NpgsqlParameter { Value = table });
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            await r.ReadAsync(cancellationToken);
            var (heap, indexes, rows) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
            totalHeap += heap;
            totalIndexes += indexes;
            result.Rows.Add(new BenchRow().Add("table", table).Add("rows", rows, "F0").Add("rows_per_dossier", rows / (double)dossiers)
                .Add("heap_mb", heap / 1e6, "F1").Add("index_mb", indexes / 1e6, "F1").Add("bytes_per_dossier", (heap + indexes) / (double)dossiers, "F0"));
        }
        result.Rows.Add(new BenchRow().Add("table", "total").Add("rows", double.NaN).Add("rows_per_dossier", double.NaN)
            .Add("heap_mb", totalHeap / 1e6, "F1").Add("index_mb", totalIndexes / 1e6, "F1")
            .Add("bytes_per_dossier", (totalHeap + totalIndexes) / (double)dossiers, "F0"));
        var payload = await raw.LongAsync($"SELECT avg(pg_column_size(payload))::bigint FROM orleans_grain_state WHERE {Population.DossierRows}", cancellationToken);
        // What the state row holds: the largest top-level fields of the state JSON, by their text length.
        var fields = new List<string>();
        await using (var cmd = raw.CreateCommand($"""
            SELECT key, avg(length(value::text))::bigint FROM orleans_grain_state, jsonb_each(payload)
            WHERE {Population.DossierRows} GROUP BY key ORDER BY 2 DESC LIMIT 8
            """))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                fields.Add($"{r.GetString(0)} {r.GetInt64(1)}");
            }
        }
        result.Checks.Add(new BenchCheck($"{dossiers} dossiers measured", dossiers > 0));
        result.Notes.Add($"The state JSON's largest fields (mean characters per dossier): {string.Join(", ", fields)}.");
        result.Notes.Add($"{dossiers} dossiers in the database when measured (whatever the earlier benchmarks of the run left: taken in, " +
            $"dispatched, paid into, deadlines applied), after VACUUM ANALYZE. The state's jsonb averages {payload} bytes stored (compressed " +
            "when TOASTed). Whole tables divided by the dossiers: the few bailiff and dispatcher rows, and the intake's tables of jobs " +
            "and lines (not listed), are left out or counted in.");
        return result;
    }
}
