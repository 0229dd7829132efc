using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Problems;
using P4Orleans.Api.Users;
using P4Orleans.Grains;

namespace P4Orleans.Api.Compliance;

/// <summary>An active user's recertification: when it was last confirmed (or registered) and when the next confirmation is due.</summary>
public sealed record RecertificationDue(Guid UserId, string OrganisationKind, string OrganisationId, DateTimeOffset? RecertifiedAt, DateTimeOffset DueAt);

/// <summary>
/// Periodic recertification of users (deliberation 17/006, §16 and §21): a registrar confirms every
/// <see cref="ComplianceOptions.RecertificationMonths"/> months that each active user still needs their access; a user
/// not confirmed by the due date (the last confirmation, or the registration, plus that many months) is suspended by
/// <see cref="RecertificationJob"/>. Each confirmation and each suspension is audited in the transaction that makes it.
/// </summary>
public sealed class Recertification(NpgsqlDataSource db, IOptions<ComplianceOptions> options, [FromKeyedServices(PlatformClock.Key)] TimeProvider time)
{
    /// <summary>Audit actions of the registry's entries written here.</summary>
    public const string ConfirmedAction = "users.recertified";

    // Months counted on the UTC calendar, whatever the session's time zone (an instant plus months depends on it).
    private string DueSql =>
        $"((coalesce(recertified_at, created_at) AT TIME ZONE 'UTC') + interval '{options.Value.RecertificationMonths} months') AT TIME ZONE 'UTC'";

    /// <summary>Active users by due date (the earliest first), those due before <paramref name="before"/> when given.</summary>
    public async Task<IReadOnlyList<RecertificationDue>> DueAsync(DateTimeOffset? before, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT id, organisation_kind, organisation_id, recertified_at, {DueSql} FROM users
            WHERE status = 'Active' AND ($1::timestamptz IS NULL OR {DueSql} < $1) ORDER BY 5, id LIMIT 1000
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)before ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        var list = new List<RecertificationDue>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new RecertificationDue(r.GetGuid(0), r.GetString(1), r.GetString(2),
                r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3), r.GetFieldValue<DateTimeOffset>(4)));
        }
        return list;
    }

    /// <summary>A registrar confirms an active user (never themselves); the next due date is returned.</summary>
    public async Task<RecertificationDue?> ConfirmAsync(Guid userId, RegistryActor actor, CancellationToken cancellationToken)
    {
        if (actor.UserId == userId)
        {
            throw new RightsRefusedException("self-change", "Nobody confirms their own access.");
        }
        var now = AuditLog.Truncate(time.GetUtcNow());
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand($"""
            UPDATE users SET recertified_at = $2 WHERE id = $1 AND status = 'Active'
            RETURNING id, organisation_kind, organisation_id, recertified_at, {DueSql}
            """, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = userId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        RecertificationDue? due = null;
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            if (await r.ReadAsync(cancellationToken))
            {
                due = new RecertificationDue(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3), r.GetFieldValue<DateTimeOffset>(4));
            }
        }
        if (due is null)
        {
            await using var exists = new NpgsqlCommand("SELECT status FROM users WHERE id = $1", conn, tx);
            exists.Parameters.Add(new NpgsqlParameter { Value = userId });
            return await exists.ExecuteScalarAsync(cancellationToken) is string status
                ? throw new ConflictException($"Only an active user is recertified (this one is {status.ToLowerInvariant()}).")
                : null;
        }
        var details = JsonSerializer.Serialize(new { by = "user", nextDueAt = due.DueAt });
        await AuditLog.AppendInTransactionAsync(conn, tx, [new AuditEntry(now, actor.UserId, string.Join(',', actor.Roles.Order(StringComparer.Ordinal)),
            ConfirmedAction, $"user/{userId}", null, "ok", actor.RequestId, details)], cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return due;
    }

    /// <summary>Suspends every active user whose recertification is past due now; returns their ids.</summary>
    public async Task<IReadOnlyList<Guid>> SuspendOverdueAsync(CancellationToken cancellationToken)
    {
        var now = AuditLog.Truncate(time.GetUtcNow());
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        // SKIP LOCKED: another node's job, or a registrar confirming the user now, holds the row; the next run sees it.
        await using var cmd = new NpgsqlCommand($"""
            UPDATE users SET status = 'Suspended', updated_at = $1
            WHERE id IN (SELECT id FROM users WHERE status = 'Active' AND {DueSql} <= $1 ORDER BY id FOR UPDATE SKIP LOCKED)
            RETURNING id, organisation_kind, organisation_id, roles
            """, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        var entries = new List<AuditEntry>();
        var ids = new List<Guid>();
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                var roles = r.GetFieldValue<string[]>(3);
                ids.Add(r.GetGuid(0));
                entries.Add(new AuditEntry(now, null, null, UserRegistry.AuditActions.StatusChanged, $"user/{r.GetGuid(0)}", null, "ok", null,
                    JsonSerializer.Serialize(new
                    {
                        by = "machine",
                        reason = "recertification-overdue",
                        organisation = new { kind = r.GetString(1), id = r.GetString(2) },
                        before = new { roles, status = nameof(UserStatus.Active) },
                        after = new { roles, status = nameof(UserStatus.Suspended) },
                    })));
            }
        }
        if (entries.Count > 0)
        {
            await AuditLog.AppendInTransactionAsync(conn, tx, entries, cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        return ids;
    }
}

/// <summary>
/// The periodic job that suspends users past their recertification (every
/// <see cref="ComplianceOptions.RecertificationCheckPeriod"/> of the platform clock). Every gateway node runs it; the
/// update skips rows another node holds, so a user is suspended once. Off when <c>Compliance:RunRecertificationJob</c>
/// is false (tests drive <see cref="RunOnceAsync"/> themselves).
/// </summary>
public sealed class RecertificationJob(Recertification recertification, IOptions<ComplianceOptions> options,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider time, ILogger<RecertificationJob> logger) : BackgroundService
{
    /// <summary>One pass: suspends the users past due; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var suspended = await recertification.SuspendOverdueAsync(cancellationToken);
        if (suspended.Count > 0)
        {
            logger.LogWarning("{Count} users suspended: recertification overdue", suspended.Count);
        }
        return suspended.Count;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunRecertificationJob)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.Value.RecertificationCheckPeriod, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database outage: the next tick tries again.
                logger.LogWarning(e, "Recertification check failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
