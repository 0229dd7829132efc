using Npgsql;
using NpgsqlTypes;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Problems;
using P4Orleans.Api.Security;

namespace P4Orleans.Api.Users;

// The Chamber's roster changes to a person (delib. 17/006: departures and changes of function reported without delay).
// Like an office's departure, they are rules of the roster rather than grants: open to the Chamber's feed, limited to
// bailiff offices' users and to the bailiff roles, and audited with before and after like every change.
public sealed partial class UserRegistry
{
    /// <summary>The function a person holds in a bailiff office, as the Chamber reports it.</summary>
    public enum BailiffFunction
    {
        /// <summary>A bailiff (role Bailiff).</summary>
        Bailiff,

        /// <summary>A clerk of an office (role BailiffClerk).</summary>
        Clerk,
    }

    /// <summary>Audit action of a change of function or office.</summary>
    public const string FunctionChangedAction = "users.function-changed";

    /// <summary>
    /// Gives a bailiff office's user a new function and office, at once (the next request sees it). Null when no user
    /// has this national number; 409 when the user is not of a bailiff office or is no longer active.
    /// </summary>
    public async Task<(User Before, User After)?> ChangeFunctionAsync(string nationalNumber, BailiffFunction function, string officeId,
        RegistryActor actor, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(function))
        {
            throw new ValidationFailedException("function", "The function must be Bailiff or Clerk.");
        }

        var role = function == BailiffFunction.Bailiff ? Roles.Bailiff : Roles.BailiffClerk;
        return await RosterChangeAsync(nationalNumber, actor, FunctionChangedAction, current =>
        {
            if (current.Status != UserStatus.Active)
            {
                throw new ConflictException($"The user is {current.Status.ToString().ToLowerInvariant()}: a change of function does not restore access.");
            }

            return current with { OrganisationId = officeId, Roles = [role] };
        }, cancellationToken);
    }

    /// <summary>A person leaves the profession: their account is revoked at once (a revoked account never comes back).</summary>
    public Task<(User Before, User After)?> RevokeDepartedAsync(string nationalNumber, RegistryActor actor, CancellationToken cancellationToken) =>
        RosterChangeAsync(nationalNumber, actor, AuditActions.StatusChanged, current => current with { Status = UserStatus.Revoked }, cancellationToken);

    private async Task<(User Before, User After)?> RosterChangeAsync(string nationalNumber, RegistryActor actor, string action, Func<User, User> change,
        CancellationToken cancellationToken)
    {
        var hash = keys.LookupHash(NationalNumberOf(nationalNumber), NrnPurpose);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await using var select = new NpgsqlCommand($"SELECT {Columns} FROM users WHERE nrn_hash = $1 FOR UPDATE", conn, tx);
        select.Parameters.Add(new NpgsqlParameter { Value = hash });
        var before = await ReadOneAsync(select, cancellationToken);
        if (before is null)
        {
            return null;
        }

        if (before.OrganisationKind != OrganisationKind.BailiffOffice)
        {
            throw new ConflictException("The Chamber's feed changes only the users of bailiff offices.");
        }

        var after = change(before) with { UpdatedAt = AuditLog.Truncate(time.GetUtcNow()) };
        await using (var update = new NpgsqlCommand("UPDATE users SET organisation_id = $2, roles = $3, status = $4, updated_at = $5 WHERE id = $1", conn, tx))
        {
            update.Parameters.Add(new NpgsqlParameter { Value = after.Id });
            update.Parameters.Add(new NpgsqlParameter { Value = after.OrganisationId });
            update.Parameters.Add(new NpgsqlParameter { Value = after.Roles.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            update.Parameters.Add(new NpgsqlParameter { Value = after.Status.ToString() });
            update.Parameters.Add(new NpgsqlParameter { Value = after.UpdatedAt });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await RosterAuditAsync(conn, tx, actor, action, before, after, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return (before, after);
    }

    /// <summary>The change's entry, as the registry's others, with the organisation before and after (a move of office).</summary>
    private Task RosterAuditAsync(NpgsqlConnection conn, NpgsqlTransaction tx, RegistryActor actor, string action, User before, User after,
        CancellationToken cancellationToken)
    {
        var details = System.Text.Json.JsonSerializer.Serialize(new
        {
            by = "chamber",
            organisation = new { kind = after.OrganisationKind.ToString(), id = after.OrganisationId },
            before = new { organisation = before.OrganisationId, roles = before.Roles, status = before.Status.ToString() },
            after = new { organisation = after.OrganisationId, roles = after.Roles, status = after.Status.ToString() },
        });
        var entry = new AuditEntry(AuditLog.Truncate(time.GetUtcNow()), actor.UserId,
            actor.IsMachine ? null : string.Join(',', actor.Roles.Order(StringComparer.Ordinal)),
            action, $"user/{after.Id}", null, "ok", actor.RequestId, details);
        return AuditLog.AppendInTransactionAsync(conn, tx, [entry], cancellationToken);
    }
}
