using System.Text;
using Npgsql;
using NpgsqlTypes;
using P4Orleans.Api.Problems;
using P4Orleans.Law;
using P4Orleans.Silo.Security;
using P4Orleans.Grains;

namespace P4Orleans.Api.Users;

/// <summary>
/// The users registry. The national register number is stored as a keyed hash (for look-up at sign-in)
/// and as AES-GCM ciphertext (for registrars), never in clear. Changes of rights (registration, roles,
/// status) follow <see cref="UserRights"/> and are audited in the same transaction (UserRegistry.Changes.cs).
/// </summary>
public sealed partial class UserRegistry(NpgsqlDataSource db, KeyRing keys, [FromKeyedServices(PlatformClock.Key)] TimeProvider time)
{
    private const string NrnPurpose = "users.nrn";
    private const string Columns = "id, name, organisation_kind, organisation_id, roles, status, created_at, updated_at";

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

    private static string NationalNumberOf(string? input)
    {
        var check = NationalRegisterNumber.Validate(input ?? "");
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
