using Microsoft.Extensions.Options;
using Npgsql;

namespace P4Orleans.Api.Compliance;

/// <summary>One finding of the access-anomaly report: who, what kind, how many entries, and the entries behind it (their seqs).</summary>
/// <param name="Kind">refused, probe, read-spike, out-of-hours or after-departure.</param>
/// <param name="UserId">The user the entries are by.</param>
/// <param name="OrganisationId">The user's organisation (an office id for a bailiff), as the registry holds it now.</param>
/// <param name="Day">The Brussels day of a read spike; null for the other kinds.</param>
/// <param name="Count">How many audit entries the finding covers.</param>
/// <param name="Baseline">For a read spike: the user's median of reads per day with reads over the previous days.</param>
/// <param name="AuditSeqs">The seqs of the entries behind the finding (the first <see cref="AccessAnomalies.MaxSeqs"/>).</param>
public sealed record AccessAnomaly(string Kind, Guid UserId, string? OrganisationId, DateOnly? Day, int Count, double? Baseline, IReadOnlyList<long> AuditSeqs);

/// <summary>The access-anomaly report of a period, with the thresholds it was computed with.</summary>
public sealed record AccessAnomalyReport(DateOnly From, DateOnly To, double ReadSpikeFactor, int WorkdayStartHour, int WorkdayEndHour,
    IReadOnlyList<AccessAnomaly> Findings);

/// <summary>
/// Access anomalies found in the audit log (deliberation 17/006, §16): refused requests, probes of other offices'
/// dossiers (a 404 on a dossier answered to a bailiff office's user, whether the dossier is another office's or
/// none), days of reads far above the user's usual volume, requests out of working hours (Brussels time), and any
/// request by a user after the Chamber's departure of their office suspended them. Computed by SQL over the log.
/// </summary>
public sealed class AccessAnomalies(NpgsqlDataSource db, IOptions<ComplianceOptions> options)
{
    /// <summary>The most entry seqs a finding lists (its count is complete).</summary>
    public const int MaxSeqs = 200;

    /// <summary>The audit actions that read personal data or the registry.</summary>
    public static readonly string[] ReadActions =
        ["dossier.read", "dossier.list", "dossier.download-document", "users.read", "users.list", "users.read-national-number", "audit.read", "intake-job.read-lines"];

    /// <summary>The findings of the period, by kind then user.</summary>
    public async Task<AccessAnomalyReport> ReportAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var findings = new List<AccessAnomaly>();
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(Command(Grouped("refused", """
            (a.outcome LIKE 'denied:%' OR a.outcome LIKE 'refused:%') AND NOT (a.dossier_id IS NOT NULL AND a.outcome LIKE '%:404')
            """), period));
        batch.BatchCommands.Add(Command(Grouped("probe", """
            a.dossier_id IS NOT NULL AND a.outcome LIKE '%:404' AND u.organisation_kind = 'BailiffOffice'
            """), period));
        batch.BatchCommands.Add(Command(Grouped("out-of-hours", """
            (extract(isodow FROM a.at AT TIME ZONE 'Europe/Brussels') > 5
             OR extract(hour FROM a.at AT TIME ZONE 'Europe/Brussels') < $3 OR extract(hour FROM a.at AT TIME ZONE 'Europe/Brussels') >= $4)
            """), period, o.WorkdayStartHour, o.WorkdayEndHour));
        // The Chamber's departure suspends each user of the office: the registry's entry of that change names the user
        // (resource user/<id>), with the Chamber's feed as the actor. Every later entry by that user is a use after it.
        batch.BatchCommands.Add(Command("""
            WITH departed AS (
                SELECT DISTINCT ON (substr(resource, 6)::uuid) substr(resource, 6)::uuid AS user_id, seq
                FROM audit_log
                WHERE action = 'users.status-changed' AND role LIKE '%ChamberFeed%' AND details IS NOT NULL
                  AND details::jsonb -> 'after' ->> 'status' = 'Suspended' AND at < $2
                ORDER BY substr(resource, 6)::uuid, seq)
            SELECT 'after-departure', a.user_id, u.organisation_id, NULL::date, count(*)::int, min(d.seq)::float8,
                   (array_agg(a.seq ORDER BY a.seq))[1:200]
            FROM departed d JOIN audit_log a ON a.user_id = d.user_id AND a.seq > d.seq
            LEFT JOIN users u ON u.id = a.user_id
            WHERE a.at >= $1 AND a.at < $2
            GROUP BY a.user_id, u.organisation_id ORDER BY a.user_id
            """, period));
        batch.BatchCommands.Add(Command("""
            WITH reads AS (
                SELECT a.user_id, (a.at AT TIME ZONE 'Europe/Brussels')::date AS day, count(*)::int AS n,
                       (array_agg(a.seq ORDER BY a.seq))[1:200] AS seqs
                FROM audit_log a
                WHERE a.user_id IS NOT NULL AND a.action = ANY($3) AND a.outcome LIKE 'ok%'
                  AND a.at >= $1 - make_interval(days => $4) AND a.at < $2
                GROUP BY 1, 2),
            judged AS (
                SELECT r.*, (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY h.n) FROM reads h
                             WHERE h.user_id = r.user_id AND h.day < r.day AND h.day >= r.day - $4) AS median,
                            (SELECT count(*) FROM reads h WHERE h.user_id = r.user_id AND h.day < r.day AND h.day >= r.day - $4) AS days
                FROM reads r
                WHERE r.day >= ($1 AT TIME ZONE 'Europe/Brussels')::date)
            SELECT 'read-spike', j.user_id, u.organisation_id, j.day, j.n, j.median, j.seqs
            FROM judged j LEFT JOIN users u ON u.id = j.user_id
            WHERE j.days >= $5 AND j.n > $6 * j.median
            ORDER BY j.user_id, j.day
            """, period, ReadActions, o.ReadHistoryDays, o.ReadHistoryMinimumDays, o.ReadSpikeFactor));
        await using var r = await batch.ExecuteReaderAsync(cancellationToken);
        do
        {
            while (await r.ReadAsync(cancellationToken))
            {
                var kind = r.GetString(0);
                findings.Add(new AccessAnomaly(kind, r.GetGuid(1), r.IsDBNull(2) ? null : r.GetString(2),
                    r.IsDBNull(3) ? null : r.GetFieldValue<DateOnly>(3), r.GetInt32(4),
                    kind == "read-spike" && !r.IsDBNull(5) ? r.GetDouble(5) : null, r.GetFieldValue<long[]>(6)));
            }
        }
        while (await r.NextResultAsync(cancellationToken));
        return new AccessAnomalyReport(period.From, period.To, o.ReadSpikeFactor, o.WorkdayStartHour, o.WorkdayEndHour, findings);
    }

    // Entries by a registered user in the period matching the condition, one finding per user.
    private static string Grouped(string kind, string condition) => $"""
        SELECT '{kind}', a.user_id, u.organisation_id, NULL::date, count(*)::int, NULL::float8, (array_agg(a.seq ORDER BY a.seq))[1:{MaxSeqs}]
        FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
        WHERE a.user_id IS NOT NULL AND a.at >= $1 AND a.at < $2 AND {condition}
        GROUP BY a.user_id, u.organisation_id ORDER BY a.user_id
        """;

    private static NpgsqlBatchCommand Command(string sql, ReportPeriod period, params object[] more)
    {
        var cmd = new NpgsqlBatchCommand(sql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.Start });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.End });
        foreach (var value in more)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return cmd;
    }
}
