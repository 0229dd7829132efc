using Microsoft.Extensions.Options;
using Npgsql;
using P4Orleans.Grains;
using P4Orleans.Recovery.Hosting;

namespace P4Orleans.Api.Compliance;

/// <summary>
/// One infraction of a bailiff office: its kind (late-acceptance, missed-acceptance, late-service, missing-report,
/// act-before-assignment, act-in-the-future or act-before-title), the dossier, when it was recorded, and what makes it one (no personal data).
/// </summary>
public sealed record Infraction(string Kind, string DossierId, DateTimeOffset At, string Detail);

/// <summary>An office's infractions of the period, counted by kind.</summary>
public sealed record OfficeInfractions(string OfficeId, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<Infraction> Items);

/// <summary>The infraction analysis of a period, with the thresholds it was computed with.</summary>
public sealed record InfractionReport(DateOnly From, DateOnly To, int AcceptanceHours, int ServiceSlaDays, IReadOnlyList<OfficeInfractions> Offices);

/// <summary>
/// The analysis of the bailiffs' responses for infractions (deliberation 17/006, §16), from the dossiers' journal and
/// indexed state: an acceptance more than <see cref="ComplianceOptions.AcceptanceHours"/> after the dispatch, an
/// acceptance deadline missed, a service more than <see cref="ComplianceOptions.ServiceSlaDays"/> days after the
/// assignment, a dossier accepted and still without a service report past that SLA (at the period's end), and a
/// service reported with an impossible date (before the assignment, after the day it was reported, before the title).
/// The grains refuse impossible dates today; the check finds those of earlier releases and of imported data.
/// </summary>
public sealed class BailiffInfractions(NpgsqlDataSource db, PlatformClusterOptions cluster, IOptions<ComplianceOptions> options,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider time)
{
    /// <summary>The report of the period, for every office or one.</summary>
    public async Task<InfractionReport> ReportAsync(ReportPeriod period, string? officeId, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var asOf = period.End < time.GetUtcNow() ? period.End : time.GetUtcNow();
        await using var cmd = db.CreateCommand("""
            WITH j AS (
                SELECT grain_key, seq, at, kind, data, office_id FROM journal
                WHERE service_id = $1 AND grain_type = 'dossier' AND at >= $2 AND at < $3 AND ($4::text IS NULL OR office_id = $4)
                  AND kind IN ('office-accepted', 'office-missed-acceptance', 'office-served')),
            accepted AS (
                SELECT j.office_id, j.grain_key, j.at,
                       (SELECT max(d.at) FROM journal d WHERE d.service_id = $1 AND d.grain_type = 'dossier' AND d.grain_key = j.grain_key
                          AND d.kind = 'dispatched' AND d.office_id = j.office_id AND d.seq < j.seq) AS dispatched_at
                FROM j WHERE j.kind = 'office-accepted'),
            served AS (
                SELECT j.office_id, j.grain_key, j.at, (j.data ->> 'servedOn')::date AS served_on, (j.data ->> 'assignedOn')::date AS assigned_on,
                       (j.data ->> 'daysToService')::int AS days, (s.payload ->> 'issueDate')::date AS issued_on
                FROM j LEFT JOIN orleans_grain_state s ON s.service_id = $1 AND s.state_name = 'dossier' AND s.grain_key = j.grain_key
                WHERE j.kind = 'office-served')
            SELECT office_id, 'late-acceptance', grain_key, at,
                   'accepted ' || floor(extract(epoch FROM at - dispatched_at) / 3600)::text || ' h after the dispatch'
            FROM accepted WHERE dispatched_at IS NOT NULL AND at - dispatched_at > make_interval(hours => $5)
            UNION ALL
            SELECT office_id, 'missed-acceptance', grain_key, at, 'acceptance deadline ' || coalesce(data ->> 'dueAt', '') || ' missed'
            FROM j WHERE kind = 'office-missed-acceptance'
            UNION ALL
            SELECT office_id, 'late-service', grain_key, at, 'served ' || days::text || ' days after the assignment'
            FROM served WHERE days > $6
            UNION ALL
            SELECT office_id, 'act-before-assignment', grain_key, at, 'service dated ' || served_on::text || ', assigned on ' || assigned_on::text
            FROM served WHERE served_on < assigned_on
            UNION ALL
            SELECT office_id, 'act-in-the-future', grain_key, at, 'service dated ' || served_on::text || ', reported on ' || (at AT TIME ZONE 'Europe/Brussels')::date::text
            FROM served WHERE served_on > (at AT TIME ZONE 'Europe/Brussels')::date
            UNION ALL
            SELECT office_id, 'act-before-title', grain_key, at, 'service dated ' || served_on::text || ', title issued on ' || issued_on::text
            FROM served WHERE served_on < issued_on
            UNION ALL
            SELECT office_id, 'missing-report', grain_key, (payload ->> 'assignedAt')::timestamptz,
                   'accepted, no service reported ' || floor(extract(epoch FROM $7 - (payload ->> 'assignedAt')::timestamptz) / 86400)::text || ' days after the assignment'
            FROM orleans_grain_state
            WHERE service_id = $1 AND state_name = 'dossier' AND status = 'Accepted' AND ($4::text IS NULL OR office_id = $4)
              AND (payload ->> 'assignedAt')::timestamptz + make_interval(days => $6) < $7
            ORDER BY 1, 4, 3, 2
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.Start });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.End });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)officeId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = o.AcceptanceHours });
        cmd.Parameters.Add(new NpgsqlParameter { Value = o.ServiceSlaDays });
        cmd.Parameters.Add(new NpgsqlParameter { Value = asOf });
        var byOffice = new SortedDictionary<string, List<Infraction>>(StringComparer.Ordinal);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            var office = r.IsDBNull(0) ? "(none)" : r.GetString(0);
            if (!byOffice.TryGetValue(office, out var items))
            {
                byOffice[office] = items = [];
            }
            items.Add(new Infraction(r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3), r.GetString(4)));
        }
        return new InfractionReport(period.From, period.To, o.AcceptanceHours, o.ServiceSlaDays, [.. byOffice.Select(b => new OfficeInfractions(
            b.Key, b.Value.GroupBy(i => i.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal), b.Value))]);
    }
}
