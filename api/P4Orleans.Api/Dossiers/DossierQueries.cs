using Npgsql;
using NpgsqlTypes;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Hosting;

namespace P4Orleans.Api.Dossiers;

/// <summary>A dossier in a list: no personal data, straight from the grains' indexed columns.</summary>
public sealed record DossierListItem(
    string DossierId, string Reference, string Status, string? ArrondissementId, string? AssignedOfficeId, long BalanceCents,
    DateOnly? NextDeadline, DateTimeOffset UpdatedAt);

/// <summary>A page of a list, with the key to ask for the next one.</summary>
public sealed record DossierPage(IReadOnlyList<DossierListItem> Items, string? NextAfter);

/// <summary>Lists are SQL on <c>orleans_grain_state</c>'s indexed columns, never a scan of every grain.</summary>
public sealed class DossierQueries(NpgsqlDataSource db, PlatformClusterOptions cluster)
{
    public async Task<DossierPage> ListAsync(DossierStatus? status, string? officeId, string? after, int limit, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT grain_key, coalesce(payload ->> 'reference', ''), status, arrondissement_id, office_id, coalesce(balance_cents, 0), next_deadline, modified_at
            FROM orleans_grain_state
            WHERE service_id = $6 AND state_name = $1 AND payload IS NOT NULL AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR office_id = $3)
              AND grain_key > $4
            ORDER BY grain_key LIMIT $5
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = GrainTypes.Dossier });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)status?.ToString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)officeId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = after ?? "" });
        cmd.Parameters.Add(new NpgsqlParameter { Value = limit });
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        var items = new List<DossierListItem>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            items.Add(new DossierListItem(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? "" : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.GetInt64(5), r.IsDBNull(6) ? null : r.GetFieldValue<DateOnly>(6), r.GetFieldValue<DateTimeOffset>(7)));
        }
        return new DossierPage(items, items.Count == limit ? items[^1].DossierId : null);
    }

    /// <summary>The bailiff offices known to the platform (no personal data).</summary>
    public async Task<IReadOnlyList<string>> OfficeIdsAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            "SELECT grain_key FROM orleans_grain_state WHERE service_id = $2 AND state_name = $1 AND payload IS NOT NULL ORDER BY grain_key LIMIT 5000");
        cmd.Parameters.Add(new NpgsqlParameter { Value = GrainTypes.Bailiff });
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        var ids = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            ids.Add(r.GetString(0));
        }
        return ids;
    }
}
