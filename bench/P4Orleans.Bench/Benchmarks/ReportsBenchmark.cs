using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using P4Orleans.Bench.Harness;
using P4Orleans.Recovery.Hosting;
using P4Orleans.Recovery.Reports;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>
/// ONSS's reporting over N dossiers: the monthly report (the platform's <see cref="OnssReportSql"/> with its JSON and
/// CSV rendering) against the same statements run raw in one batch, and the change feed's read throughput
/// (<see cref="ChangeFeedSql"/>: facts parsed, cursors encoded) against its own query run raw. The journal is written by SQL in the shape the grains write it (untimed), under a
/// service id of its own so that the other benchmarks' dossiers do not count.
/// </summary>
public sealed class ReportsBenchmark : IBenchmark
{
    private const string ServiceId = "p4bench-reports";
    private const int Page = 1000;
    private const int Repeats = 3;

    // November 2026 in Brussels: 31 October 23:00 UTC to 30 November 23:00 UTC.
    private static readonly DateTimeOffset Start = new(2026, 10, 31, 23, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(2026, 11, 30, 23, 0, 0, TimeSpan.Zero);

    public string Name => "reports";

    public string Description => "ONSS monthly report over N dossiers and change-feed reads, each vs the raw SQL on the same data";

    public async Task<BenchmarkResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new BenchmarkResult(Name, Description);
        var dossiers = context.Options.Dossiers ?? (context.Options.Quick ? 10_000 : 100_000);
        await using var raw = RawDatabase.Create(context.Database, "bench-raw");
        await using var platform = RawDatabase.Create(context.Database, "bench-platform");
        var cluster = new PlatformClusterOptions { ServiceId = ServiceId };
        var written = Stopwatch.StartNew();
        await WriteAsync(raw, context, dossiers, cancellationToken);
        context.Log.WriteLine($"reports: {dossiers} dossiers' journal written in {written.Elapsed.TotalSeconds:F0} s");
        var rows = await raw.LongAsync("SELECT count(*) FROM journal WHERE service_id = $1", cancellationToken, ServiceId);

        // The monthly report, alternating sides; the first pair warms the caches and is not counted.
        var sql = new OnssReportSql(platform, cluster);
        var period = new ReportPeriod(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));
        var platformTimes = new List<double>();
        var rawTimes = new List<double>();
        OnssReport? report = null;
        for (var i = 0; i <= Repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            report = await sql.ComputeAsync(period, Start, End, true, DateTimeOffset.UtcNow, cancellationToken);
            _ = JsonSerializer.Serialize(report, OnssReports.Json);
            _ = OnssReportCsv.Render(report);
            var platformSeconds = watch.Elapsed.TotalSeconds;
            watch.Restart();
            await RawReportAsync(raw, cancellationToken);
            if (i > 0)
            {
                platformTimes.Add(platformSeconds);
                rawTimes.Add(watch.Elapsed.TotalSeconds);
            }
        }

        var (p, r) = (Median(platformTimes), Median(rawTimes));
        result.Rows.Add(new BenchRow().Add("measure", "monthly report").Add("dossiers", dossiers, "N0").Add("journal_rows", rows, "N0")
            .Add("platform_s", p, "F2").Add("raw_s", r, "F2").Add("ratio", p / r, "F2"));
        result.Checks.Add(new BenchCheck($"the report counts the {dossiers} titles of the month", report!.Titles.Accepted == dossiers));

        // The change feed: the same first rows on both sides, pages of 1,000.
        var limit = (int)Math.Min(rows, context.Options.Quick ? 100_000 : 500_000);
        var feed = new ChangeFeedSql(platform, cluster);
        var watchFeed = Stopwatch.StartNew();
        var read = 0;
        ChangeFeedCursor? cursor = null;
        while (read < limit)
        {
            var page = await feed.ReadAsync(cursor, Page, cancellationToken);
            read += page.Items.Count;
            if (page.Items.Count == 0 || !ChangeFeedCursor.TryDecode(page.Next, out var next))
            {
                break;
            }

            cursor = next;
        }

        var feedSeconds = watchFeed.Elapsed.TotalSeconds;
        var feedRead = read;
        watchFeed.Restart();
        var rawRead = await RawFeedAsync(raw, limit, cancellationToken);
        var rawSeconds = watchFeed.Elapsed.TotalSeconds;
        result.Rows.Add(new BenchRow().Add("measure", "change feed").Add("dossiers", dossiers, "N0").Add("journal_rows", feedRead, "N0")
            .Add("platform_s", feedSeconds, "F2").Add("raw_s", rawSeconds, "F2").Add("ratio", feedSeconds / rawSeconds, "F2")
            .Add("platform_rows_per_s", feedRead / feedSeconds, "N0").Add("raw_rows_per_s", rawRead / rawSeconds, "N0"));
        result.Checks.Add(new BenchCheck($"both feeds read {limit} rows (platform {feedRead}, raw {rawRead})", feedRead >= limit && rawRead >= limit));
        result.Notes.Add($"{dossiers} dossiers, {rows} journal rows (11 a dossier, all in November 2026); the report's time is the median of {Repeats} " +
            "runs after a warm-up, the platform's side including its repeatable-read transaction, the mapping and the JSON and CSV rendering; the " +
            "raw side runs the same statements in one batch and reads the rows without mapping them.");
        result.Notes.Add($"The feed reads its first {limit} rows in pages of {Page}: the platform's ChangeFeedSql (facts parsed to JSON, " +
            "cursors encoded) against the same query run raw, its rows read without mapping.");
        await raw.ExecuteAsync("DELETE FROM journal WHERE service_id = $1", cancellationToken, ServiceId);
        await raw.ExecuteAsync("DELETE FROM orleans_grain_state WHERE service_id = $1", cancellationToken, ServiceId);
        return result;
    }

    private static async Task WriteAsync(NpgsqlDataSource raw, BenchContext context, int dossiers, CancellationToken ct)
    {
        await raw.ExecuteAsync("DELETE FROM journal WHERE service_id = $1", ct, ServiceId);
        await raw.ExecuteAsync("DELETE FROM orleans_grain_state WHERE service_id = $1", ct, ServiceId);
        const int Batch = 50_000;
        for (var first = 1; first <= dossiers; first += Batch)
        {
            var last = Math.Min(dossiers, first + Batch - 1);
            await raw.ExecuteAsync("""
                INSERT INTO orleans_grain_state (service_id, state_name, grain_key, version, payload)
                SELECT $1, 'dossier', 'rep-' || i, 1, jsonb_build_object('reference', 'ONSS-REP-' || i) FROM generate_series($2::int, $3::int) i
                """, ct, ServiceId, first, last);
            await raw.ExecuteAsync("""
                INSERT INTO journal (service_id, grain_type, grain_key, seq, at, kind, data)
                SELECT $1, 'dossier', 'rep-' || i, e.seq, $4::timestamptz + make_interval(days => i % 28, mins => e.seq), e.kind, e.data
                FROM generate_series($2::int, $3::int) i, LATERAL (VALUES
                    (1, 'submitted', jsonb_build_object('reference', 'ONSS-REP-' || i, 'claimCents', 100000 + i % 900000)),
                    (2, 'competence', jsonb_build_object('arrondissementId', 'arr-' || i % 12)),
                    (3, 'transition', jsonb_build_object('from', 'None', 'command', 'Submit', 'to', 'AwaitingDispatch')),
                    (4, 'dispatched', jsonb_build_object('officeId', 'office-' || i % 500)),
                    (5, 'transition', jsonb_build_object('from', 'AwaitingDispatch', 'command', 'Assign', 'to', 'Assigned')),
                    (6, 'office-served', jsonb_build_object('officeId', 'office-' || i % 500, 'daysToService', i % 30)),
                    (7, 'cost-charged', jsonb_build_object('act', 'ServiceOfContrainte', 'totalCents', 4000 + i % 100)),
                    (8, 'transition', jsonb_build_object('from', 'Assigned', 'command', 'ReportService', 'to', 'Served')),
                    (9, 'payment-recorded', jsonb_build_object('amountCents', 10000, 'overpaymentCents', 0, 'balanceCents', 90000 + i % 900000)),
                    (10, 'seizure-reported', jsonb_build_object('nature', 'Executory', 'date', '2026-11-20', 'servedOn', '2026-11-05')),
                    (11, 'transition', jsonb_build_object('from', 'Served', 'command', 'ReportSeizure', 'to',
                        CASE i % 3 WHEN 0 THEN 'Seizure' WHEN 1 THEN 'Paid' ELSE 'Executable' END))
                ) AS e(seq, kind, data)
                """, ct, ServiceId, first, last, Start);
            context.Log.WriteLine($"reports: {last} of {dossiers} dossiers written");
        }

        await raw.ExecuteAsync("ANALYZE journal", ct);
        await raw.ExecuteAsync("ANALYZE orleans_grain_state", ct);
    }

    private static async Task RawReportAsync(NpgsqlDataSource raw, CancellationToken ct)
    {
        await using var conn = await raw.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(conn);
        foreach (var statement in OnssReportSql.Statements)
        {
            var command = new NpgsqlBatchCommand(statement);
            command.Parameters.Add(new NpgsqlParameter { Value = ServiceId });
            command.Parameters.Add(new NpgsqlParameter { Value = Start });
            command.Parameters.Add(new NpgsqlParameter { Value = End });
            batch.BatchCommands.Add(command);
        }

        batch.Timeout = 3600;
        await using var r = await batch.ExecuteReaderAsync(ct);
        do
        {
            while (await r.ReadAsync(ct))
            {
            }
        }
        while (await r.NextResultAsync(ct));
    }

    private static async Task<int> RawFeedAsync(NpgsqlDataSource raw, int limit, CancellationToken ct)
    {
        var (tx, position, read) = ("0", 0L, 0);
        while (read < limit)
        {
            await using var cmd = raw.CreateCommand(ChangeFeedSql.Sql);
            cmd.Parameters.Add(new NpgsqlParameter { Value = ServiceId });
            cmd.Parameters.Add(new NpgsqlParameter { Value = tx });
            cmd.Parameters.Add(new NpgsqlParameter { Value = position });
            cmd.Parameters.Add(new NpgsqlParameter { Value = ChangeFeedSql.Kinds.ToArray() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = Page });
            var count = 0;
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                (tx, position) = (r.GetString(0), r.GetInt64(1));
                count++;
            }

            read += count;
            if (count == 0)
            {
                break;
            }
        }

        return read;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
