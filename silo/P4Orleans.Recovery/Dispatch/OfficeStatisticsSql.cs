using Npgsql;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Hosting;

namespace P4Orleans.Recovery.Dispatch;

/// <summary>
/// An office's load is a count of the dossiers assigned to it in an open status (the indexed column
/// <c>office_id</c> of <c>orleans_grain_state</c>, written in the same statement as each dossier's state, so
/// never stale); its performance is counted from the dossiers' journal entries naming it.
/// </summary>
public sealed class OfficeStatisticsSql(NpgsqlDataSource db, PlatformClusterOptions cluster) : IOfficeStatistics
{
    /// <inheritdoc />
    public async Task<OfficeStatistics> ForOfficeAsync(string officeId, CancellationToken cancellationToken = default)
    {
        await using var batch = db.CreateBatch();
        var open = new NpgsqlBatchCommand("""
            SELECT grain_key FROM orleans_grain_state
            WHERE service_id = $1 AND state_name = 'dossier' AND office_id = $2 AND status = ANY($3)
            ORDER BY grain_key
            """);
        open.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        open.Parameters.Add(new NpgsqlParameter { Value = officeId });
        open.Parameters.Add(new NpgsqlParameter { Value = DispatchService.OpenStatuses });
        var performance = new NpgsqlBatchCommand("""
            WITH j AS (SELECT grain_type, kind, data FROM journal WHERE service_id = $1 AND office_id = $2),
            b AS (SELECT coalesce(sum((data ->> 'assigned')::int - (data ->> 'dispatchedInJournal')::int), 0) AS assigned,
                         coalesce(sum((data ->> 'accepted')::int), 0) AS accepted, coalesce(sum((data ->> 'refused')::int), 0) AS refused,
                         coalesce(sum((data ->> 'missedAcceptanceDeadlines')::int), 0) AS missed, coalesce(sum((data ->> 'served')::int), 0) AS served,
                         coalesce(sum((data ->> 'totalDaysToService')::numeric), 0) AS days
                  FROM j WHERE grain_type = 'bailiff' AND kind = 'release-1-performance'),
            d AS (SELECT count(*) FILTER (WHERE kind = 'dispatched') AS assigned, count(*) FILTER (WHERE kind = 'office-accepted') AS accepted,
                         count(*) FILTER (WHERE kind = 'office-refused') AS refused, count(*) FILTER (WHERE kind = 'office-missed-acceptance') AS missed,
                         count(*) FILTER (WHERE kind = 'office-served') AS served,
                         coalesce(sum((data ->> 'daysToService')::numeric) FILTER (WHERE kind = 'office-served'), 0) AS days
                  FROM j WHERE grain_type = 'dossier')
            SELECT (b.assigned + d.assigned)::int, (b.accepted + d.accepted)::int, (b.refused + d.refused)::int, (b.missed + d.missed)::int,
                   (b.served + d.served)::int, round((b.days + d.days) / nullif(b.served + d.served, 0), 2)::float8
            FROM b, d
            """);
        performance.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        performance.Parameters.Add(new NpgsqlParameter { Value = officeId });
        batch.BatchCommands.Add(open);
        batch.BatchCommands.Add(performance);
        await using var r = await batch.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        var load = 0;
        while (await r.ReadAsync(cancellationToken))
        {
            load++;
            if (ids.Count < OfficeStatistics.MaxOpenDossierIds)
            {
                ids.Add(r.GetString(0));
            }
        }

        await r.NextResultAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        var p = new BailiffPerformance(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.IsDBNull(5) ? null : r.GetDouble(5));
        return new OfficeStatistics(load, ids, p);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> OpenDossierIdsAsync(string officeId, string after, int limit, CancellationToken cancellationToken = default)
    {
        await using var cmd = db.CreateCommand("""
            SELECT grain_key FROM orleans_grain_state
            WHERE service_id = $1 AND state_name = 'dossier' AND office_id = $2 AND status = ANY($3) AND grain_key > $4
            ORDER BY grain_key LIMIT $5
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = officeId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = DispatchService.OpenStatuses });
        cmd.Parameters.Add(new NpgsqlParameter { Value = after });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit });
        var ids = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            ids.Add(r.GetString(0));
        }

        return ids;
    }
}
