using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Problems;
using P4Orleans.Grains;
using P4Orleans.Recovery.Hosting;

namespace P4Orleans.Api.Compliance;

/// <summary>A campaign to open: its scope (a period, optionally one office), how many dossiers and accesses to draw, and the seed (drawn when absent).</summary>
public sealed record NewCampaign(string Title, DateOnly From, DateOnly To, string? OfficeId, int Dossiers, int Accesses, long? Seed = null);

/// <summary>The coordinator's findings and follow-up; <see cref="Close"/> ends the campaign (no change after).</summary>
public sealed record CampaignFindings(string? Findings, string? FollowUp, bool Close = false);

/// <summary>What the platform drew: dossier ids and audit entry seqs.</summary>
public sealed record CampaignSample(IReadOnlyList<string> DossierIds, IReadOnlyList<long> AuditSeqs);

/// <summary>An internal audit campaign as recorded.</summary>
public sealed record Campaign(Guid Id, string Title, DateOnly From, DateOnly To, string? OfficeId, long Seed, CampaignSample Sample,
    string? Findings, string? FollowUp, DateTimeOffset CreatedAt, Guid CreatedBy, DateTimeOffset? ClosedAt);

/// <summary>
/// Internal audit campaigns (deliberation 17/006, §16): the scope, a sample of dossiers and of accesses drawn by the
/// platform, the findings and the follow-up. The draw is reproducible: the population (the dossiers with a journal
/// entry in the period, the audit entries on a dossier in the period; for an office, its dossiers and its users'
/// accesses) is ordered by a keyed hash of the seed and each member, and the first ones are taken; the same seed over
/// the same records draws the same sample.
/// </summary>
public sealed class AuditCampaigns(NpgsqlDataSource db, PlatformClusterOptions cluster, [FromKeyedServices(PlatformClock.Key)] TimeProvider time)
{
    /// <summary>The most dossiers, and the most accesses, one campaign draws.</summary>
    public const int MaxSample = 1000;

    /// <summary>Draws the sample and records the campaign.</summary>
    public async Task<Campaign> OpenAsync(NewCampaign request, Guid by, CancellationToken cancellationToken)
    {
        var period = ReportPeriod.Of(request.From, request.To);
        if (string.IsNullOrWhiteSpace(request.Title))
        {
            throw new ValidationFailedException("title", "A campaign has a title.");
        }
        if (request.Dossiers is < 0 or > MaxSample || request.Accesses is < 0 or > MaxSample)
        {
            throw new ValidationFailedException(request.Dossiers is < 0 or > MaxSample ? "dossiers" : "accesses", $"Draw between 0 and {MaxSample}.");
        }
        var seed = request.Seed ?? RandomNumberGenerator.GetInt32(int.MaxValue);
        var sample = await DrawAsync(period, request.OfficeId, seed, request.Dossiers, request.Accesses, cancellationToken);
        var campaign = new Campaign(Guid.CreateVersion7(), request.Title.Trim(), period.From, period.To, request.OfficeId, seed, sample, null, null,
            AuditLog.Truncate(time.GetUtcNow()), by, null);
        await using var cmd = db.CreateCommand("""
            INSERT INTO audit_campaigns (id, created_at, created_by, title, scope_from, scope_to, office_id, seed, sample_size, sample)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = campaign.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = campaign.CreatedAt });
        cmd.Parameters.Add(new NpgsqlParameter { Value = by });
        cmd.Parameters.Add(new NpgsqlParameter { Value = campaign.Title });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.From });
        cmd.Parameters.Add(new NpgsqlParameter { Value = period.To });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)request.OfficeId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = seed });
        cmd.Parameters.Add(new NpgsqlParameter { Value = request.Dossiers + request.Accesses });
        cmd.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(sample, JsonSerializerOptions.Web), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return campaign;
    }

    /// <summary>The draw itself: the same arguments over the same records give the same sample.</summary>
    public async Task<CampaignSample> DrawAsync(ReportPeriod period, string? officeId, long seed, int dossiers, int accesses, CancellationToken cancellationToken)
    {
        await using var batch = db.CreateBatch();
        var d = new NpgsqlBatchCommand("""
            SELECT grain_key FROM (SELECT DISTINCT grain_key FROM journal
                WHERE service_id = $1 AND grain_type = 'dossier' AND at >= $2 AND at < $3 AND ($4::text IS NULL OR office_id = $4)) p
            ORDER BY sha256(convert_to($5::text || ':' || grain_key, 'UTF8')), grain_key LIMIT $6
            """);
        var a = new NpgsqlBatchCommand("""
            SELECT a.seq FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
            WHERE a.dossier_id IS NOT NULL AND a.at >= $2 AND a.at < $3 AND ($4::text IS NULL OR u.organisation_id = $4) AND $1::text IS NOT NULL
            ORDER BY sha256(convert_to($5::text || ':' || a.seq::text, 'UTF8')), a.seq LIMIT $6
            """);
        foreach (var (cmd, take) in new[] { (d, dossiers), (a, accesses) })
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
            cmd.Parameters.Add(new NpgsqlParameter { Value = period.Start });
            cmd.Parameters.Add(new NpgsqlParameter { Value = period.End });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)officeId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter { Value = seed });
            cmd.Parameters.Add(new NpgsqlParameter { Value = take });
            batch.BatchCommands.Add(cmd);
        }
        var ids = new List<string>();
        var seqs = new List<long>();
        await using var r = await batch.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            ids.Add(r.GetString(0));
        }
        await r.NextResultAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            seqs.Add(r.GetInt64(0));
        }
        return new CampaignSample(ids, seqs);
    }

    /// <summary>Records findings and follow-up; 409 once the campaign is closed; null when unknown.</summary>
    public async Task<Campaign?> UpdateAsync(Guid id, CampaignFindings findings, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("""
            UPDATE audit_campaigns SET findings = coalesce($2, findings), follow_up = coalesce($3, follow_up),
                closed_at = CASE WHEN $4 THEN $5 ELSE NULL END
            WHERE id = $1 AND closed_at IS NULL
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)findings.Findings ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)findings.FollowUp ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = findings.Close });
        cmd.Parameters.Add(new NpgsqlParameter { Value = AuditLog.Truncate(time.GetUtcNow()) });
        if (await cmd.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return await FindAsync(id, cancellationToken) is null ? null : throw new ConflictException("The campaign is closed; its record no longer changes.");
        }
        return await FindAsync(id, cancellationToken);
    }

    /// <summary>One campaign, or null.</summary>
    public async Task<Campaign?> FindAsync(Guid id, CancellationToken cancellationToken) => (await ListAsync(id, cancellationToken)).FirstOrDefault();

    /// <summary>The campaigns, the latest first (or the one asked for).</summary>
    public async Task<IReadOnlyList<Campaign>> ListAsync(Guid? id, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("""
            SELECT id, title, scope_from, scope_to, office_id, seed, sample::text, findings, follow_up, created_at, created_by, closed_at
            FROM audit_campaigns WHERE $1::uuid IS NULL OR id = $1 ORDER BY created_at DESC, id LIMIT 500
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        var list = new List<Campaign>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new Campaign(r.GetGuid(0), r.GetString(1), r.GetFieldValue<DateOnly>(2), r.GetFieldValue<DateOnly>(3), r.IsDBNull(4) ? null : r.GetString(4),
                r.GetInt64(5), JsonSerializer.Deserialize<CampaignSample>(r.GetString(6), JsonSerializerOptions.Web)!, r.IsDBNull(7) ? null : r.GetString(7),
                r.IsDBNull(8) ? null : r.GetString(8), r.GetFieldValue<DateTimeOffset>(9), r.GetGuid(10), r.IsDBNull(11) ? null : r.GetFieldValue<DateTimeOffset>(11)));
        }
        return list;
    }
}
