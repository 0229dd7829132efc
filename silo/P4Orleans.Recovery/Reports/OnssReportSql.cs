using System.Data;
using Npgsql;
using P4Orleans.Recovery.Hosting;

namespace P4Orleans.Recovery.Reports;

/// <summary>
/// The figures of a report, in SQL over the dossiers' journal (each fact is an entry stamped with its instant, so a
/// period's figures can be computed again at any time) and the intake's line results; read in one repeatable-read
/// transaction, so that every figure sees the same data.
/// </summary>
public sealed class OnssReportSql(NpgsqlDataSource db, PlatformClusterOptions cluster)
{
    // $1 service, $2 the period's first instant, $3 the instant after its end.
    internal const string TitlesSql = """
        SELECT (SELECT count(*) FROM journal WHERE service_id = $1 AND grain_type = 'dossier' AND kind = 'submitted' AND at >= $2 AND at < $3),
               (SELECT count(*) FROM intake_job_lines l JOIN intake_jobs j ON j.id = l.job_id
                WHERE l.outcome = 'rejected' AND j.started_at >= $2 AND j.started_at < $3)
             + (SELECT count(*) FROM audit_log WHERE action = 'dossier.submit' AND outcome IN ('rejected:400', 'rejected:409') AND at >= $2 AND at < $3)
        """;

    // The last status, arrondissement and holding office of each dossier before the period's end.
    internal const string StocksSql = """
        WITH e AS (
            SELECT DISTINCT ON (grain_key, family) grain_key, family, kind, data
            FROM (SELECT grain_key, seq, kind, data,
                         CASE kind WHEN 'transition' THEN 's' WHEN 'competence' THEN 'a' ELSE 'o' END AS family
                  FROM journal
                  WHERE service_id = $1 AND grain_type = 'dossier' AND at < $3
                    AND kind IN ('transition', 'competence', 'dispatched', 'office-released', 'office-refused', 'office-missed-acceptance')) x
            ORDER BY grain_key, family, seq DESC),
        d AS (
            SELECT grain_key,
                   max(data ->> 'to') FILTER (WHERE family = 's') AS status,
                   max(data ->> 'arrondissementId') FILTER (WHERE family = 'a') AS arrondissement,
                   max(data ->> 'officeId') FILTER (WHERE family = 'o' AND kind = 'dispatched') AS office
            FROM e GROUP BY grain_key)
        SELECT GROUPING(status, arrondissement, office), coalesce(status, arrondissement, office, '(none)'), count(*)
        FROM d WHERE status IS NOT NULL
        GROUP BY GROUPING SETS ((status), (arrondissement), (office))
        ORDER BY 1, 2
        """;

    // Each dossier's balance at the end: its last stated balance (the claim at intake, or the balance after a payment
    // or an adjustment), plus the costs charged after it.
    internal const string OutstandingSql = """
        WITH b AS (
            SELECT grain_key, seq,
                   CASE kind WHEN 'submitted' THEN (data ->> 'claimCents')::bigint
                             WHEN 'cost-charged' THEN NULL ELSE (data ->> 'balanceCents')::bigint END AS balance,
                   CASE WHEN kind = 'cost-charged' THEN (data ->> 'totalCents')::bigint ELSE 0 END AS cost
            FROM journal
            WHERE service_id = $1 AND grain_type = 'dossier' AND at < $3
              AND kind IN ('submitted', 'payment-recorded', 'ledger-adjusted', 'cost-charged')),
        p AS (SELECT grain_key, max(seq) FILTER (WHERE balance IS NOT NULL) AS bseq FROM b GROUP BY grain_key)
        SELECT coalesce(sum(CASE WHEN b.seq = p.bseq THEN b.balance WHEN b.seq > p.bseq THEN b.cost ELSE 0 END), 0)::bigint
        FROM b JOIN p USING (grain_key)
        """;

    internal const string FlowsSql = """
        SELECT coalesce(sum((data ->> 'claimCents')::bigint) FILTER (WHERE kind = 'submitted'), 0)::bigint,
               coalesce(sum((data ->> 'amountCents')::bigint - coalesce((data ->> 'overpaymentCents')::bigint, 0)) FILTER (WHERE kind = 'payment-recorded'), 0)::bigint,
               count(*) FILTER (WHERE kind = 'transition' AND data ->> 'to' = 'Irrecoverable'),
               count(*) FILTER (WHERE kind = 'personal-data-purged'),
               count(*) FILTER (WHERE kind = 'opposition-filed')
        FROM journal
        WHERE service_id = $1 AND grain_type = 'dossier' AND at >= $2 AND at < $3
          AND kind IN ('submitted', 'payment-recorded', 'transition', 'personal-data-purged', 'opposition-filed')
        """;

    internal const string CostsSql = """
        SELECT data ->> 'act', count(*), sum((data ->> 'totalCents')::bigint)::bigint
        FROM journal
        WHERE service_id = $1 AND grain_type = 'dossier' AND kind = 'cost-charged' AND at >= $2 AND at < $3
        GROUP BY 1 ORDER BY 1
        """;

    internal const string JudgmentsSql = """
        SELECT data ->> 'outcome', count(*)
        FROM journal
        WHERE service_id = $1 AND grain_type = 'dossier' AND kind = 'judgment-recorded' AND at >= $2 AND at < $3
        GROUP BY 1 ORDER BY 1
        """;

    // Service: from the day of assignment to the day of service. Execution: from the service to the dossier's first
    // executory seizure (counted in the period of that seizure).
    internal const string DelaysSql = """
        SELECT 'service', count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY (data ->> 'daysToService')::int),
               percentile_cont(0.9) WITHIN GROUP (ORDER BY (data ->> 'daysToService')::int)
        FROM journal
        WHERE service_id = $1 AND grain_type = 'dossier' AND kind = 'office-served' AND at >= $2 AND at < $3
        UNION ALL
        SELECT 'execution', count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY days), percentile_cont(0.9) WITHIN GROUP (ORDER BY days)
        FROM (SELECT DISTINCT ON (grain_key) at, (data ->> 'date')::date - (data ->> 'servedOn')::date AS days
              FROM journal
              WHERE service_id = $1 AND grain_type = 'dossier' AND kind = 'seizure-reported' AND data ->> 'nature' = 'Executory'
                AND data ->> 'servedOn' IS NOT NULL AND at < $3
              ORDER BY grain_key, seq) first
        WHERE at >= $2
        """;

    /// <summary>The report's statements in the order <see cref="ComputeAsync"/> reads them ($1 service, $2 first instant, $3 the instant after the end).</summary>
    public static IReadOnlyList<string> Statements { get; } = [TitlesSql, StocksSql, OutstandingSql, FlowsSql, CostsSql, JudgmentsSql, DelaysSql];

    /// <summary>Computes the figures of <paramref name="period"/>, whose days run from <paramref name="start"/> to <paramref name="end"/> (UTC, end excluded).</summary>
    public async Task<OnssReport> ComputeAsync(ReportPeriod period, DateTimeOffset start, DateTimeOffset end, bool closed, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(period);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        // A year over a million dossiers reads every journal row of the year: more than the default 30 s may pass.
        await using var batch = new NpgsqlBatch(conn, tx) { Timeout = 600 };
        foreach (var sql in Statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
            command.Parameters.Add(new NpgsqlParameter { Value = start });
            command.Parameters.Add(new NpgsqlParameter { Value = end });
            batch.BatchCommands.Add(command);
        }

        await using var r = await batch.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var (accepted, rejected) = (r.GetInt64(0), r.GetInt64(1));
        await r.NextResultAsync(ct);
        var stocks = new List<CountBy>[] { [], [], [] };
        while (await r.ReadAsync(ct))
        {
            // GROUPING gives 3 (status grouped alone: arrondissement and office aggregated), 5 (arrondissement), 6 (office).
            var index = r.GetInt32(0) switch { 3 => 0, 5 => 1, _ => 2 };
            stocks[index].Add(new CountBy(r.GetString(1), r.GetInt64(2)));
        }

        await r.NextResultAsync(ct);
        await r.ReadAsync(ct);
        var outstanding = r.GetInt64(0);
        await r.NextResultAsync(ct);
        await r.ReadAsync(ct);
        var (claimed, recovered, irrecoverable, purged, filed) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4));
        await r.NextResultAsync(ct);
        var costs = new List<CostByAct>();
        while (await r.ReadAsync(ct))
        {
            costs.Add(new CostByAct(r.GetString(0), r.GetInt64(1), r.GetInt64(2)));
        }

        await r.NextResultAsync(ct);
        var judgments = new List<CountBy>();
        while (await r.ReadAsync(ct))
        {
            judgments.Add(new CountBy(r.GetString(0), r.GetInt64(1)));
        }

        await r.NextResultAsync(ct);
        var delays = new Dictionary<string, DelayFigures>(StringComparer.Ordinal);
        while (await r.ReadAsync(ct))
        {
            delays[r.GetString(0)] = new DelayFigures(r.GetInt64(1), r.IsDBNull(2) ? null : r.GetDouble(2), r.IsDBNull(3) ? null : r.GetDouble(3));
        }

        return new OnssReport(period.Name, period.From, period.To, closed, now,
            new TitleFigures(accepted + rejected, accepted, rejected), stocks[0], stocks[1], stocks[2],
            new AmountFigures(claimed, recovered, outstanding), costs, delays["service"], delays["execution"],
            new OppositionFigures(filed, judgments), irrecoverable, purged);
    }
}
