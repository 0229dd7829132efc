using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using NpgsqlTypes;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.Audit;

/// <summary>The detailed logs, readable only by the security coordinator and the data-protection manager.</summary>
public static class AuditApi
{
    public sealed record AuditPage(IReadOnlyList<StoredAuditEntry> Entries, long? NextAfterSeq);

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/security/audit").WithTags("Security").RequireAuthorization(Policies.AuditReader);
        group.MapGet("/", ReadAsync).WithName("ReadAuditLog")
            .WithSummary("Reads audit entries in order, filtered by user, dossier, action, resource and time").Audited("audit.read", "audit-log");
        group.MapGet("/verify", VerifyAsync).WithName("VerifyAuditLog")
            .WithSummary("Recomputes the hash chain and reports the first broken link").Audited("audit.verify", "audit-log");
        return app;
    }

    private static async Task<Ok<AuditVerification>> VerifyAsync(AuditVerifier verifier, CancellationToken ct) =>
        TypedResults.Ok(await verifier.VerifyAsync(ct));

    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> ReadAsync(
        NpgsqlDataSource db, Guid? userId, string? dossierId, string? action, DateTimeOffset? from, DateTimeOffset? to,
        long? afterSeq, int? limit, CancellationToken ct, string? resource = null)
    {
        var take = limit ?? 100;
        if (take is < 1 or > 1000)
        {
            return TypedResults.Problem(title: "Invalid request", detail: "limit must be between 1 and 1000.", statusCode: 400);
        }
        if (from > to)
        {
            throw new Problems.ValidationFailedException("to", "The period ends before it starts.");
        }

        await using var cmd = db.CreateCommand("""
            SELECT seq, at, user_id, role, action, resource, dossier_id, outcome, request_id, encode(hash, 'hex'), details FROM audit_log
            WHERE seq > $1 AND ($2::uuid IS NULL OR user_id = $2) AND ($3::text IS NULL OR dossier_id = $3)
              AND ($4::text IS NULL OR action = $4) AND ($5::timestamptz IS NULL OR at >= $5) AND ($6::timestamptz IS NULL OR at < $6)
              AND ($8::text IS NULL OR resource = $8)
            ORDER BY seq LIMIT $7
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = afterSeq ?? 0 });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)userId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)dossierId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)action ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)from ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)to ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter { Value = take });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)resource ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        var entries = new List<StoredAuditEntry>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            entries.Add(new StoredAuditEntry(r.GetInt64(0), new AuditEntry(
                r.GetFieldValue<DateTimeOffset>(1), r.IsDBNull(2) ? null : r.GetGuid(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8),
                r.IsDBNull(10) ? null : r.GetString(10)),
                r.GetString(9)));
        }
        return TypedResults.Ok(new AuditPage(entries, entries.Count == take ? entries[^1].Seq : null));
    }
}
