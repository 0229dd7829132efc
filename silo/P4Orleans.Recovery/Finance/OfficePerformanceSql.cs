using Npgsql;
using NpgsqlTypes;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Hosting;

namespace P4Orleans.Recovery.Finance;

/// <summary>One month of an office's work, from its dossiers' journal (Brussels months of the facts' instants).</summary>
/// <param name="Month">The month, <c>yyyy-MM</c>.</param>
/// <param name="Assigned">Dossiers dispatched to the office.</param>
/// <param name="Accepted">Dossiers it accepted.</param>
/// <param name="Refused">Dossiers it refused.</param>
/// <param name="MissedAcceptanceDeadlines">Acceptance deadlines it let pass (an SLA breach; the dossier left it).</param>
/// <param name="Served">Services it reported.</param>
/// <param name="ServiceDeadlinesMissed">Service deadlines it let pass (an SLA breach, escalated to the operators).</param>
/// <param name="AverageHoursToAcceptance">Mean time from dispatch to acceptance, in hours (null without acceptance).</param>
/// <param name="AverageDaysToService">Mean days from assignment to service (null without service).</param>
/// <param name="Seizures">Seizures it reported (acts charged as seizures).</param>
/// <param name="DossiersPaid">Dossiers paid in full while it held them.</param>
/// <param name="CollectedCents">Payments it collected.</param>
public sealed record OfficeMonth(
    string Month, int Assigned, int Accepted, int Refused, int MissedAcceptanceDeadlines, int Served, int ServiceDeadlinesMissed,
    double? AverageHoursToAcceptance, double? AverageDaysToService, int Seizures, int DossiersPaid, long CollectedCents)
{
    /// <summary>SLA breaches: missed acceptance and service deadlines.</summary>
    public int SlaBreaches => MissedAcceptanceDeadlines + ServiceDeadlinesMissed;
}

/// <summary>An office's performance: totals and the month-by-month history behind them.</summary>
/// <param name="OfficeId">The office.</param>
/// <param name="Totals">The figures over the whole history (month <c>all</c>).</param>
/// <param name="Months">Month by month, oldest first.</param>
public sealed record OfficePerformance(string OfficeId, OfficeMonth Totals, IReadOnlyList<OfficeMonth> Months);

/// <summary>
/// An office's acceptance and service delays, execution results and SLA breaches, by SQL over the journal of the
/// dossiers once dispatched to it: each fact counts for the office it names or, when it names none (payments,
/// seizures, escalations, outcomes), for the office of the dossier's latest dispatch before it.
/// </summary>
public sealed class OfficePerformanceSql(NpgsqlDataSource db, PlatformClusterOptions cluster)
{
    /// <summary>The office's performance, optionally from month <paramref name="from"/> on.</summary>
    public async Task<OfficePerformance> ForOfficeAsync(string officeId, DateOnly? from, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            WITH ds AS (
                SELECT DISTINCT grain_key FROM journal WHERE service_id = $1 AND office_id = $2 AND kind = 'dispatched'),
            e AS (
                SELECT j.at, j.kind, j.data, coalesce(j.data ->> 'officeId', last.office) AS office, last.at AS dispatched_at
                FROM ds JOIN journal j ON j.service_id = $1 AND j.grain_type = $4 AND j.grain_key = ds.grain_key
                LEFT JOIN LATERAL (
                    SELECT d.data ->> 'officeId' AS office, d.at FROM journal d
                    WHERE d.service_id = j.service_id AND d.grain_type = j.grain_type AND d.grain_key = j.grain_key
                      AND d.kind = 'dispatched' AND d.seq < j.seq
                    ORDER BY d.seq DESC LIMIT 1) last ON true
                WHERE j.kind IN ('dispatched', 'office-accepted', 'office-refused', 'office-missed-acceptance', 'office-served',
                                 'escalated', 'cost-charged', 'transition', 'payment-recorded')
                  AND ($3::date IS NULL OR j.at >= ($3::date)::timestamp AT TIME ZONE 'Europe/Brussels'))
            SELECT to_char(date_trunc('month', at AT TIME ZONE 'Europe/Brussels'), 'YYYY-MM') AS month,
                   count(*) FILTER (WHERE kind = 'dispatched')::int,
                   count(*) FILTER (WHERE kind = 'office-accepted')::int,
                   count(*) FILTER (WHERE kind = 'office-refused')::int,
                   count(*) FILTER (WHERE kind = 'office-missed-acceptance')::int,
                   count(*) FILTER (WHERE kind = 'office-served')::int,
                   count(*) FILTER (WHERE kind = 'escalated' AND data ->> 'kind' = 'ServiceDeadlineMissed')::int,
                   coalesce(sum(extract(epoch FROM at - dispatched_at) / 3600.0) FILTER (WHERE kind = 'office-accepted'), 0)::float8,
                   coalesce(sum((data ->> 'daysToService')::numeric) FILTER (WHERE kind = 'office-served'), 0)::float8,
                   count(*) FILTER (WHERE kind = 'cost-charged' AND data ->> 'act' IN ('SeizureOfMovables', 'Garnishment', 'RealEstateSeizure'))::int,
                   count(*) FILTER (WHERE kind = 'transition' AND data ->> 'to' = 'Paid')::int,
                   coalesce(sum((data ->> 'amountCents')::bigint) FILTER (WHERE kind = 'payment-recorded' AND data ->> 'source' = 'Bailiff'), 0)::bigint
            FROM e WHERE office = $2
            GROUP BY 1 ORDER BY 1
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = officeId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)from ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        cmd.Parameters.Add(new NpgsqlParameter { Value = GrainTypes.Dossier });
        var rows = new List<(OfficeMonth Month, double Hours, double Days)>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var hours = r.GetDouble(7);
                var days = r.GetDouble(8);
                var month = new OfficeMonth(r.GetString(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.GetInt32(6),
                    Average(hours, r.GetInt32(2)), Average(days, r.GetInt32(5)), r.GetInt32(9), r.GetInt32(10), r.GetInt64(11));
                rows.Add((month, hours, days));
            }
        }

        var m = rows.Select(x => x.Month).ToList();
        var accepted = m.Sum(x => x.Accepted);
        var served = m.Sum(x => x.Served);
        var totals = new OfficeMonth("all", m.Sum(x => x.Assigned), accepted, m.Sum(x => x.Refused), m.Sum(x => x.MissedAcceptanceDeadlines), served,
            m.Sum(x => x.ServiceDeadlinesMissed), Average(rows.Sum(x => x.Hours), accepted), Average(rows.Sum(x => x.Days), served),
            m.Sum(x => x.Seizures), m.Sum(x => x.DossiersPaid), m.Sum(x => x.CollectedCents));
        return new OfficePerformance(officeId, totals, m);
    }

    private static double? Average(double sum, int count) => count == 0 ? null : Math.Round(sum / count, 2);
}
