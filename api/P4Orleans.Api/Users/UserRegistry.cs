using System.Text;
using Npgsql;
using NpgsqlTypes;
using P4Orleans.Api.Problems;
using P4Orleans.Api.Security;
using P4Orleans.Law;
using P4Orleans.Silo.Security;

namespace P4Orleans.Api.Users;

/// <summary>
/// The users registry. The national register number is stored as a keyed hash (for look-up at sign-in)
/// and as AES-GCM ciphertext (for registrars), never in clear.
/// </summary>
public sealed class UserRegistry(NpgsqlDataSource db, KeyRing keys, TimeProvider time)
{
    private const string NrnPurpose = "users.nrn";
    private const string Columns = "id, name, organisation_kind, organisation_id, roles, status, created_at, updated_at";

    public async Task<User> AddAsync(NewUser user, CancellationToken cancellationToken)
    {
        var nrn = NationalNumberOf(user.NationalNumber);
        var unknown = user.Roles.Except(Roles.All).ToList();
        if (user.Roles.Count == 0 || unknown.Count > 0)
        {
            throw new ValidationFailedException("roles", unknown.Count > 0 ? $"Unknown roles: {string.Join(", ", unknown)}." : "At least one role is required.");
        }
        if (string.IsNullOrWhiteSpace(user.Name) || string.IsNullOrWhiteSpace(user.OrganisationId))
        {
            throw new ValidationFailedException("name", "A name and an organisation id are required.");
        }
        if (!Enum.IsDefined(user.OrganisationKind))
        {
            // Checked here, not by the table's CHECK: PostgreSQL's error would carry the whole row, the name included.
            throw new ValidationFailedException("organisationKind", "Unknown organisation kind.");
        }
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7();
        await using var cmd = db.CreateCommand(
            "INSERT INTO users (id, nrn_hash, nrn_cipher, name, organisation_kind, organisation_id, roles, status, created_at, updated_at) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, 'Active', $8, $8)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = keys.LookupHash(nrn, NrnPurpose) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = keys.Protect(Encoding.UTF8.GetBytes(nrn), NrnPurpose) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = user.Name.Trim() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = user.OrganisationKind.ToString() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = user.OrganisationId.Trim() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = user.Roles.Distinct().ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        try
        {
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ConflictException("A user with this national register number is already registered.");
        }
        return new User(id, user.Name.Trim(), user.OrganisationKind, user.OrganisationId.Trim(), user.Roles.Distinct().ToList(), UserStatus.Active, now, now);
    }

    public async Task<User?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand($"SELECT {Columns} FROM users WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        return await ReadOneAsync(cmd, cancellationToken);
    }

    public async Task<User?> FindByNationalNumberAsync(string nationalNumber, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand($"SELECT {Columns} FROM users WHERE nrn_hash = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = keys.LookupHash(NationalNumberOf(nationalNumber), NrnPurpose) });
        return await ReadOneAsync(cmd, cancellationToken);
    }

    public async Task<IReadOnlyList<User>> ListAsync(OrganisationKind? kind, string? organisationId, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand(
            $"SELECT {Columns} FROM users WHERE ($1::text IS NULL OR organisation_kind = $1) AND ($2::text IS NULL OR organisation_id = $2) ORDER BY name, id LIMIT 1000");
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)kind?.ToString() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)organisationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        var list = new List<User>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader));
        }
        return list;
    }

    /// <summary>The user's national register number in clear, for a registrar.</summary>
    public async Task<string?> NationalNumberAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var cmd = db.CreateCommand("SELECT nrn_cipher FROM users WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        var cipher = await cmd.ExecuteScalarAsync(cancellationToken) as byte[];
        return cipher is null ? null : Encoding.UTF8.GetString(keys.Unprotect(cipher, NrnPurpose));
    }

    public async Task<User?> SetStatusAsync(Guid id, UserStatus status, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(status))
        {
            throw new ValidationFailedException("status", "Unknown status.");
        }
        var current = await FindAsync(id, cancellationToken);
        if (current is null)
        {
            return null;
        }
        if (current.Status == UserStatus.Revoked && status != UserStatus.Revoked)
        {
            throw new ConflictException("A revoked user cannot be reactivated; register a new account.");
        }
        await using var cmd = db.CreateCommand("UPDATE users SET status = $2, updated_at = $3 WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = status.ToString() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return await FindAsync(id, cancellationToken);
    }

    public async Task<User?> SetRolesAsync(Guid id, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        var unknown = roles.Except(Roles.All).ToList();
        if (roles.Count == 0 || unknown.Count > 0)
        {
            throw new ValidationFailedException("roles", unknown.Count > 0 ? $"Unknown roles: {string.Join(", ", unknown)}." : "At least one role is required.");
        }
        await using var cmd = db.CreateCommand("UPDATE users SET roles = $2, updated_at = $3 WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = roles.Distinct().ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        return await cmd.ExecuteNonQueryAsync(cancellationToken) == 0 ? null : await FindAsync(id, cancellationToken);
    }

    private static string NationalNumberOf(string input)
    {
        var check = NationalRegisterNumber.Validate(input);
        return check.IsValid
            ? check.Normalized!
            : throw new ValidationFailedException("nationalNumber", check.Error ?? "The national register number is not valid.");
    }

    private static async Task<User?> ReadOneAsync(NpgsqlCommand cmd, CancellationToken cancellationToken)
    {
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static User Read(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), Enum.Parse<OrganisationKind>(r.GetString(2)), r.GetString(3),
        r.GetFieldValue<string[]>(4), Enum.Parse<UserStatus>(r.GetString(5)),
        r.GetFieldValue<DateTimeOffset>(6), r.GetFieldValue<DateTimeOffset>(7));
}
