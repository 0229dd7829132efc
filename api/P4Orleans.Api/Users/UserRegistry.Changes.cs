using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Problems;

namespace P4Orleans.Api.Users;

// Changes of rights. Each one checks the rules of UserRights, writes the row and appends its audit entry (with the
// roles and status before and after) in one transaction: a change is never without its entry, nor an entry without it.
public sealed partial class UserRegistry
{
    /// <summary>Audit actions of the registry's own entries (one per change, besides the entry of the request that asked for it).</summary>
    public static class AuditActions
    {
        public const string Registered = "users.registered";
        public const string RolesChanged = "users.roles-changed";
        public const string StatusChanged = "users.status-changed";
        public const string CertificateAdded = "users.certificate-added";
    }

    /// <summary>Registers a user as the machine (the command line on the platform's host).</summary>
    public Task<User> AddAsync(NewUser user, CancellationToken cancellationToken) => AddAsync(user, RegistryActor.Machine, cancellationToken);

    /// <summary>Registers a user: roles known, fitting the organisation kind and grantable by <paramref name="actor"/>.</summary>
    public async Task<User> AddAsync(NewUser user, RegistryActor actor, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(user.OrganisationKind))
        {
            // Checked here, not by the table's CHECK: PostgreSQL's error would carry the whole row, the name included.
            throw new ValidationFailedException("organisationKind", "Unknown organisation kind.");
        }
        var roles = UserRights.CheckRegistration(actor, user);
        var nrn = NationalNumberOf(user.NationalNumber);
        if (string.IsNullOrWhiteSpace(user.Name) || string.IsNullOrWhiteSpace(user.OrganisationId))
        {
            throw new ValidationFailedException("name", "A name and an organisation id are required.");
        }
        var now = AuditLog.Truncate(time.GetUtcNow());
        var created = new User(Guid.CreateVersion7(), user.Name.Trim(), user.OrganisationKind, user.OrganisationId.Trim(), roles, UserStatus.Active, now, now);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO users (id, nrn_hash, nrn_cipher, name, organisation_kind, organisation_id, roles, status, created_at, updated_at) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, 'Active', $8, $8) ON CONFLICT (nrn_hash) DO NOTHING", conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = created.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = keys.LookupHash(nrn, NrnPurpose) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = keys.Protect(Encoding.UTF8.GetBytes(nrn), NrnPurpose) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = created.Name });
        cmd.Parameters.Add(new NpgsqlParameter { Value = created.OrganisationKind.ToString() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = created.OrganisationId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = roles.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        if (await cmd.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new ConflictException("A user with this national register number is already registered.");
        }
        await AuditAsync(conn, tx, actor, AuditActions.Registered, null, created, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return created;
    }

    /// <summary>Changes a user's status as the machine.</summary>
    public Task<User?> SetStatusAsync(Guid id, UserStatus status, CancellationToken cancellationToken) =>
        SetStatusAsync(id, status, RegistryActor.Machine, cancellationToken);

    /// <summary>Activates, suspends or revokes a user (never oneself; a revoked user is never reactivated); null if unknown.</summary>
    public Task<User?> SetStatusAsync(Guid id, UserStatus status, RegistryActor actor, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(status))
        {
            throw new ValidationFailedException("status", "The status must be Active, Suspended or Revoked.");
        }
        return ChangeAsync(id, actor, AuditActions.StatusChanged, current =>
        {
            UserRights.CheckChange(actor, current, current.Roles);
            if (current.Status == UserStatus.Revoked && status != UserStatus.Revoked)
            {
                throw new ConflictException("A revoked user cannot be reactivated; register a new account.");
            }
            return current with { Status = status };
        }, cancellationToken);
    }

    /// <summary>Replaces a user's roles as the machine.</summary>
    public Task<User?> SetRolesAsync(Guid id, IReadOnlyList<string> roles, CancellationToken cancellationToken) =>
        SetRolesAsync(id, roles, RegistryActor.Machine, cancellationToken);

    /// <summary>Replaces a user's roles (never one's own; fitting their organisation; grantable by the actor); null if unknown.</summary>
    public Task<User?> SetRolesAsync(Guid id, IReadOnlyList<string>? roles, RegistryActor actor, CancellationToken cancellationToken) =>
        ChangeAsync(id, actor, AuditActions.RolesChanged, current =>
        {
            var checkedRoles = UserRights.CheckRoles(roles, current.OrganisationKind);
            UserRights.CheckChange(actor, current, checkedRoles);
            if (current.Status == UserStatus.Revoked)
            {
                throw new ConflictException("A revoked user's roles do not change; register a new account.");
            }
            return current with { Roles = checkedRoles };
        }, cancellationToken);

    /// <summary>
    /// Suspends every active user of an organisation (a bailiff office that leaves, reported by the Chamber): a rule of
    /// the roster, not a grant, so it is open to the Chamber's feed; each suspension is audited like any change.
    /// </summary>
    public async Task<int> SuspendOrganisationAsync(OrganisationKind kind, string organisationId, RegistryActor actor, CancellationToken cancellationToken)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await using var select = new NpgsqlCommand(
            $"SELECT {Columns} FROM users WHERE organisation_kind = $1 AND organisation_id = $2 AND status = 'Active' ORDER BY id FOR UPDATE", conn, tx);
        select.Parameters.Add(new NpgsqlParameter { Value = kind.ToString() });
        select.Parameters.Add(new NpgsqlParameter { Value = organisationId });
        var users = new List<User>();
        await using (var r = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                users.Add(Read(r));
            }
        }
        foreach (var user in users)
        {
            await WriteAsync(conn, tx, user with { Status = UserStatus.Suspended }, cancellationToken);
            await AuditAsync(conn, tx, actor, AuditActions.StatusChanged, user, user with { Status = UserStatus.Suspended }, cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
        return users.Count;
    }

    private async Task<User?> ChangeAsync(Guid id, RegistryActor actor, string action, Func<User, User> change, CancellationToken cancellationToken)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await using var select = new NpgsqlCommand($"SELECT {Columns} FROM users WHERE id = $1 FOR UPDATE", conn, tx);
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        var before = await ReadOneAsync(select, cancellationToken);
        if (before is null)
        {
            return null;
        }
        var after = change(before) with { UpdatedAt = AuditLog.Truncate(time.GetUtcNow()) };
        await WriteAsync(conn, tx, after, cancellationToken);
        await AuditAsync(conn, tx, actor, action, before, after, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return after;
    }

    private async Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, User user, CancellationToken cancellationToken)
    {
        // A reactivation is a registrar's decision that the user needs access: it counts as their recertification.
        await using var cmd = new NpgsqlCommand(
            "UPDATE users SET roles = $2, status = $3, updated_at = $4, " +
            "recertified_at = CASE WHEN $3 = 'Active' AND status <> 'Active' THEN $4 ELSE recertified_at END WHERE id = $1", conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = user.Id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = user.Roles.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = user.Status.ToString() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = AuditLog.Truncate(time.GetUtcNow()) });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The change's entry: the actor, the user changed, and their organisation, roles and status before and after (no name, no number).</summary>
    private Task AuditAsync(NpgsqlConnection conn, NpgsqlTransaction tx, RegistryActor actor, string action, User? before, User after,
        CancellationToken cancellationToken)
    {
        var details = JsonSerializer.Serialize(new
        {
            by = actor.IsMachine ? "machine" : "user",
            organisation = new { kind = after.OrganisationKind.ToString(), id = after.OrganisationId },
            before = before is null ? null : new { roles = before.Roles, status = before.Status.ToString() },
            after = new { roles = after.Roles, status = after.Status.ToString() },
        });
        var entry = new AuditEntry(AuditLog.Truncate(time.GetUtcNow()), actor.UserId,
            actor.IsMachine ? null : string.Join(',', actor.Roles.Order(StringComparer.Ordinal)),
            action, $"user/{after.Id}", null, "ok", actor.RequestId, details);
        return AuditLog.AppendInTransactionAsync(conn, tx, [entry], cancellationToken);
    }
}
