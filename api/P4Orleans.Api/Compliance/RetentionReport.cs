using Npgsql;
using P4Orleans.Grains;
using P4Orleans.Recovery.Hosting;

namespace P4Orleans.Api.Compliance;

/// <summary>One dossier of the retention report (no personal data): its state (done, due or blocked), its retention date, when it was purged, and why a purge waits.</summary>
public sealed record RetentionItem(string DossierId, string State, string Status, DateOnly? RetentionDate, DateTimeOffset? PurgedAt, string Reason);

/// <summary>The retention report: counts by state and the dossiers behind them (the first <see cref="RetentionReport.MaxItems"/> of each).</summary>
public sealed record RetentionView(DateOnly AsOf, int Done, int Due, int Blocked, IReadOnlyList<RetentionItem> Items);

/// <summary>
/// The data-protection manager's retention report (deliberation 17/006, §21): dossiers whose personal data was
/// destroyed (done), whose retention date has come and whose purge has not run yet (due: the deadline catch-up
/// applies it; due for more than a day means the purge is overdue), and dossiers with an outcome whose purge cannot
/// start (blocked: the office's intervention is still open, so the retention period has not begun).
/// </summary>
public sealed class RetentionReport(NpgsqlDataSource db, PlatformClusterOptions cluster, [FromKeyedServices(PlatformClock.Key)] TimeProvider time)
{
    /// <summary>The most dossiers listed per state (the counts are complete).</summary>
    public const int MaxItems = 1000;

    private static readonly string[] Outcomes = ["Paid", "Irrecoverable", "Withdrawn", "Closed"];

    /// <summary>The report as of today (or the year's end for <see cref="ForYearAsync"/>).</summary>
    public Task<RetentionView> ReportAsync(CancellationToken cancellationToken) => ForAsync(Brussels.DateOf(time.GetUtcNow()), null, cancellationToken);

    /// <summary>Purges done in a year, and what is due or blocked at its end (or today, for the current year).</summary>
    public Task<RetentionView> ForYearAsync(int year, CancellationToken cancellationToken)
    {
        var today = Brussels.DateOf(time.GetUtcNow());
        var end = new DateOnly(year, 12, 31);
        return ForAsync(end < today ? end : today, year, cancellationToken);
    }

    private async Task<RetentionView> ForAsync(DateOnly asOf, int? year, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("""
            WITH d AS (
                SELECT grain_key, status, (payload -> 'keyDates' -> 'retention-expiry' ->> 'date')::date AS retention,
                       (payload ->> 'purgedAt')::timestamptz AS purged_at, coalesce((payload ->> 'interventionOpen')::boolean, false) AS open
                FROM orleans_grain_state WHERE service_id = $1 AND state_name = 'dossier' AND status IN ('Purged', 'Paid', 'Irrecoverable', 'Withdrawn', 'Closed')),
            classified AS (
                SELECT *, CASE
                    WHEN status = 'Purged' THEN 'done'
                    WHEN status = ANY($3) AND open THEN 'blocked'
                    WHEN status = ANY($3) AND retention IS NOT NULL AND retention <= $2 THEN 'due'
                    END AS state
                FROM d),
            kept AS (
                SELECT * FROM classified
                WHERE state IS NOT NULL AND ($4::int IS NULL OR state <> 'done' OR extract(year FROM purged_at AT TIME ZONE 'Europe/Brussels') = $4)),
            ranked AS (SELECT *, row_number() OVER (PARTITION BY state ORDER BY retention NULLS LAST, grain_key) AS n, count(*) OVER (PARTITION BY state) AS total FROM kept)
            SELECT grain_key, state, status, retention, purged_at, total::int FROM ranked WHERE n <= $5 ORDER BY state, n
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = asOf });
        cmd.Parameters.Add(new NpgsqlParameter { Value = Outcomes });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)year ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        cmd.Parameters.Add(new NpgsqlParameter { Value = MaxItems });
        var items = new List<RetentionItem>();
        var totals = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            var state = r.GetString(1);
            var retention = r.IsDBNull(3) ? (DateOnly?)null : r.GetFieldValue<DateOnly>(3);
            totals[state] = r.GetInt32(5);
            items.Add(new RetentionItem(r.GetString(0), state, r.GetString(2), retention, r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4), state switch
            {
                "done" => "personal data destroyed",
                "blocked" => "the office's intervention is still open: the retention period has not started",
                _ when retention < asOf.AddDays(-1) => $"overdue since {retention:yyyy-MM-dd}",
                _ => $"due on {retention:yyyy-MM-dd}",
            }));
        }
        return new RetentionView(asOf, totals.GetValueOrDefault("done"), totals.GetValueOrDefault("due"), totals.GetValueOrDefault("blocked"), items);
    }
}
