using Npgsql;
using NpgsqlTypes;
using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Recovery.Hosting;

namespace P4Orleans.Recovery.Dispatch;

/// <summary>The SQL of dispatch, over the dossiers' indexed columns and the offices' rows.</summary>
public sealed class DispatchQueries(NpgsqlDataSource db, PlatformClusterOptions cluster)
{
    /// <summary>The key of the dispatcher of dossiers that have no arrondissement (they go to a manual decision).</summary>
    public const string NoArrondissement = "-";

    /// <summary>The arrondissements with dossiers awaiting dispatch (<see cref="NoArrondissement"/> for none).</summary>
    public async Task<IReadOnlyList<string>> ArrondissementsWaitingAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT DISTINCT coalesce(arrondissement_id, '-') FROM orleans_grain_state
            WHERE service_id = $1 AND state_name = 'dossier' AND status = $2
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = nameof(DossierStatus.AwaitingDispatch) });
        var list = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(r.GetString(0));
        }

        list.Sort(StringComparer.Ordinal);
        return list;
    }

    /// <summary>The arrondissement's dossiers awaiting dispatch, oldest change first, with their excluded offices.</summary>
    public async Task<List<(string DossierId, List<string> Excluded)>> WaitingAsync(string arrondissement, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT grain_key, coalesce(payload -> 'excludedOfficeIds', '[]'::jsonb)::text FROM orleans_grain_state
            WHERE service_id = $1 AND state_name = 'dossier' AND status = $2
              AND (CASE WHEN $3 = '-' THEN arrondissement_id IS NULL ELSE arrondissement_id = $3 END)
            ORDER BY modified_at, grain_key LIMIT $4
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = nameof(DossierStatus.AwaitingDispatch) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = arrondissement, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit });
        var list = new List<(string, List<string>)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add((r.GetString(0), System.Text.Json.JsonSerializer.Deserialize<List<string>>(r.GetString(1)) ?? []));
        }

        return list;
    }

    /// <summary>The arrondissement's offices with their capacity and load (open dossiers, counted now).</summary>
    public async Task<List<DispatchCandidate>> OfficesAsync(string arrondissement, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            WITH load AS (
                SELECT office_id, count(*)::int AS open FROM orleans_grain_state
                WHERE service_id = $1 AND state_name = 'dossier' AND office_id IS NOT NULL AND status = ANY($3)
                  AND arrondissement_id = $2
                GROUP BY office_id)
            SELECT b.grain_key, b.payload ->> 'status', b.payload ->> 'arrondissementId',
                   coalesce((b.payload ->> 'capacity')::int, 0), coalesce(load.open, 0)
            FROM orleans_grain_state b LEFT JOIN load ON load.office_id = b.grain_key
            WHERE b.service_id = $1 AND b.state_name = 'bailiff' AND b.payload ->> 'arrondissementId' = $2
              AND coalesce((b.payload ->> 'registered')::boolean, false)
            ORDER BY b.grain_key
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = arrondissement });
        cmd.Parameters.Add(new NpgsqlParameter { Value = DispatchService.OpenStatuses });
        var list = new List<DispatchCandidate>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            if (Enum.TryParse<BailiffStatus>(r.IsDBNull(1) ? "" : r.GetString(1), out var status))
            {
                list.Add(new DispatchCandidate(r.GetString(0), status, r.GetInt32(4), r.GetInt32(3), r.IsDBNull(2) ? null : r.GetString(2)));
            }
        }

        return list;
    }
}
