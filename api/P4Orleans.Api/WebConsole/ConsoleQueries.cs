using Npgsql;
using NpgsqlTypes;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Dossiers;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Hosting;
using P4Orleans.Recovery.Intake;

namespace P4Orleans.Api.WebConsole;

/// <summary>What a console search may filter on: non-personal, indexed fields only (never the ONSS reference, which is posted).</summary>
public sealed record DossierFilter(DossierStatus? Status, string? OfficeId, string? ArrondissementId, DateOnly? DeadlineBefore, string? After);

/// <summary>A silo of the cluster, from Orleans' membership table.</summary>
public sealed record ClusterNode(string Silo, string Name, string HostName, int Status, DateTimeOffset StartedAt, DateTimeOffset LastAlive);

/// <summary>The deadline backlog by the platform clock: dossiers whose earliest wake-up is due, and how late they are.</summary>
public sealed record DeadlineBacklog(long DueNow, long Overdue, double? P50Seconds, double? P95Seconds, double? P99Seconds, double? MaxSeconds);

/// <summary>Audited requests of the last hour by outcome class (the audit log is the one record every node writes).</summary>
public sealed record ErrorRates(long Requests, long Refused, long ClientErrors, long ServerErrors);

/// <summary>
/// The console's reads that the API does not offer as such (more filters, several offices, the cluster's figures): SQL
/// on the same indexed columns and tables as the API's own queries, never a scan of every grain, nothing personal.
/// </summary>
public sealed class ConsoleQueries(NpgsqlDataSource db, PlatformClusterOptions cluster)
{
    /// <summary>The most rows a console list shows on one page.</summary>
    public const int PageSize = 50;

    public async Task<DossierPage> DossiersAsync(DossierFilter filter, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT grain_key, coalesce(payload ->> 'reference', ''), status, arrondissement_id, office_id, coalesce(balance_cents, 0), next_deadline, modified_at
            FROM orleans_grain_state
            WHERE service_id = $1 AND state_name = 'dossier' AND payload IS NOT NULL AND ($2::text IS NULL OR status = $2)
              AND ($3::text IS NULL OR office_id = $3) AND ($4::text IS NULL OR arrondissement_id = $4)
              AND ($5::date IS NULL OR next_deadline <= $5) AND grain_key > $6
            ORDER BY grain_key LIMIT $7
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(Text(filter.Status?.ToString()));
        cmd.Parameters.Add(Text(filter.OfficeId));
        cmd.Parameters.Add(Text(filter.ArrondissementId));
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)filter.DeadlineBefore ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        cmd.Parameters.Add(new NpgsqlParameter { Value = filter.After ?? "" });
        cmd.Parameters.Add(new NpgsqlParameter { Value = PageSize });
        var items = new List<DossierListItem>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            items.Add(new DossierListItem(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? "" : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.GetInt64(5), r.IsDBNull(6) ? null : r.GetFieldValue<DateOnly>(6), r.GetFieldValue<DateTimeOffset>(7)));
        }
        return new DossierPage(items, items.Count == PageSize ? items[^1].DossierId : null);
    }

    /// <summary>The latest bulk intake jobs, newest first.</summary>
    public async Task<IReadOnlyList<IntakeJob>> IntakeJobsAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            "SELECT id, status, lines_read, accepted, duplicates, rejected, started_at, finished_at, reason FROM intake_jobs ORDER BY started_at DESC, id DESC LIMIT $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = PageSize });
        var jobs = new List<IntakeJob>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            jobs.Add(new IntakeJob(r.GetGuid(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5), r.GetFieldValue<DateTimeOffset>(6),
                r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7), r.IsDBNull(8) ? null : r.GetString(8)));
        }
        return jobs;
    }

    public async Task<IReadOnlyList<ClusterNode>> NodesAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT address || ':' || port || '@' || generation, silo_name, host_name, status, start_time, i_am_alive_time
            FROM orleans_membership WHERE deployment_id = $1 ORDER BY status = 3 DESC, i_am_alive_time DESC LIMIT 100
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ClusterId });
        var nodes = new List<ClusterNode>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            nodes.Add(new ClusterNode(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetFieldValue<DateTimeOffset>(4), r.GetFieldValue<DateTimeOffset>(5)));
        }
        return nodes;
    }

    /// <summary>
    /// Due now: the earliest wake-up has passed. Overdue: it passed more than one catch-up period ago (the catch-up should
    /// have applied it). Lateness percentiles over the due ones, in seconds.
    /// </summary>
    public async Task<DeadlineBacklog> BacklogAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            WITH due AS (SELECT extract(epoch FROM ($2 - next_due_at))::float8 AS late FROM orleans_grain_state
                         WHERE service_id = $1 AND state_name = 'dossier' AND next_due_at IS NOT NULL AND next_due_at <= $2)
            SELECT count(*), count(*) FILTER (WHERE late > $3),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY late), percentile_cont(0.95) WITHIN GROUP (ORDER BY late),
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY late), max(late)
            FROM due
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.CatchUpPeriod.TotalSeconds });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        double? At(int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
        return new DeadlineBacklog(r.GetInt64(0), r.GetInt64(1), At(2), At(3), At(4), At(5));
    }

    public async Task<ErrorRates> ErrorRatesAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT count(*), count(*) FILTER (WHERE outcome LIKE 'refused:%'),
                   count(*) FILTER (WHERE outcome ~ ':4[0-9][0-9]$'), count(*) FILTER (WHERE outcome ~ ':5[0-9][0-9]$')
            FROM audit_log WHERE at >= $1
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = since, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new ErrorRates(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3));
    }

    /// <summary>Audit entries in order after <paramref name="afterSeq"/>, by the filters of <c>GET /security/audit</c>.</summary>
    public async Task<IReadOnlyList<StoredAuditEntry>> AuditAsync(Guid? userId, string? dossierId, string? action, DateTimeOffset? from, DateTimeOffset? to,
        long afterSeq, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT seq, at, user_id, role, action, resource, dossier_id, outcome, request_id, encode(hash, 'hex'), details FROM audit_log
            WHERE seq > $1 AND ($2::uuid IS NULL OR user_id = $2) AND ($3::text IS NULL OR dossier_id = $3)
              AND ($4::text IS NULL OR action = $4) AND ($5::timestamptz IS NULL OR at >= $5) AND ($6::timestamptz IS NULL OR at < $6)
            ORDER BY seq LIMIT $7
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = afterSeq });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)userId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        cmd.Parameters.Add(Text(dossierId));
        cmd.Parameters.Add(Text(action));
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)from ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)to ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = PageSize });
        var entries = new List<StoredAuditEntry>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            entries.Add(new StoredAuditEntry(r.GetInt64(0), new AuditEntry(
                r.GetFieldValue<DateTimeOffset>(1), r.IsDBNull(2) ? null : r.GetGuid(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8),
                r.IsDBNull(10) ? null : r.GetString(10)), r.GetString(9)));
        }
        return entries;
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
