using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace P4Orleans.Silo.Database;

/// <summary>A numbered SQL migration embedded in this assembly.</summary>
public sealed record Migration(int Number, string Name, string Sql)
{
    /// <summary>SHA-256 of the script, to detect an applied migration edited afterwards.</summary>
    public string Checksum { get; } = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));
}

/// <summary>The outcome of a migration run.</summary>
public sealed record MigrationReport(IReadOnlyList<Migration> Applied, int AlreadyApplied);

/// <summary>
/// Applies the numbered SQL migrations in order under a session advisory lock, each in its own
/// transaction, and records them in <c>schema_migrations</c>. Several nodes may start at once: one
/// migrates, the others wait and then find nothing to do.
/// </summary>
public sealed class Migrator(NpgsqlDataSource dataSource, ILogger<Migrator> logger)
{
    // An arbitrary constant shared by every node: the key of the migration advisory lock.
    private const long AdvisoryLockKey = 0x5034_4F72_6C65_616E;

    /// <summary>The migrations shipped with this build, in order.</summary>
    public static IReadOnlyList<Migration> All { get; } = Load();

    /// <summary>Applies what is missing.</summary>
    public async Task<MigrationReport> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        await Exec(conn, "SELECT pg_advisory_lock(@k)", cancellationToken, ("k", AdvisoryLockKey));
        try
        {
            await Exec(conn, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    number     integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);
            var applied = new Dictionary<int, string>();
            await using (var cmd = new NpgsqlCommand("SELECT number, checksum FROM schema_migrations", conn))
            await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied[reader.GetInt32(0)] = reader.GetString(1);
                }
            }

            var done = new List<Migration>();
            foreach (var migration in All)
            {
                if (applied.TryGetValue(migration.Number, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Number:D4} ({migration.Name}) was changed after it was applied. " +
                            "Add a new migration instead of editing an applied one.");
                    }
                    continue;
                }
                await using var tx = await conn.BeginTransactionAsync(cancellationToken);
                await using (var cmd = new NpgsqlCommand(migration.Sql, conn, tx))
                {
                    await cmd.ExecuteNonQueryAsync(cancellationToken);
                }
                await using (var cmd = new NpgsqlCommand(
                    "INSERT INTO schema_migrations (number, name, checksum) VALUES (@n, @name, @c)", conn, tx))
                {
                    cmd.Parameters.AddWithValue("n", migration.Number);
                    cmd.Parameters.AddWithValue("name", migration.Name);
                    cmd.Parameters.AddWithValue("c", migration.Checksum);
                    await cmd.ExecuteNonQueryAsync(cancellationToken);
                }
                await tx.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Number} {Name}", migration.Number, migration.Name);
                done.Add(migration);
            }
            return new MigrationReport(done, applied.Count);
        }
        finally
        {
            await Exec(conn, "SELECT pg_advisory_unlock(@k)", CancellationToken.None, ("k", AdvisoryLockKey));
        }
    }

    /// <summary>True when every shipped migration is applied (the readiness check).</summary>
    public async Task<bool> IsUpToDateAsync(CancellationToken cancellationToken = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(
            "SELECT coalesce(max(number), 0) FROM schema_migrations", conn);
        try
        {
            var max = (int)(await cmd.ExecuteScalarAsync(cancellationToken) ?? 0);
            return max >= All[^1].Number;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
    }

    private static async Task Exec(NpgsqlConnection conn, string sql, CancellationToken ct, params (string Name, object Value)[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value);
        }
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static List<Migration> Load()
    {
        const string prefix = "P4Orleans.Silo.Migrations.";
        var assembly = Assembly.GetExecutingAssembly();
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var file = resource[prefix.Length..^".sql".Length];
            var number = int.Parse(file[..4], System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            list.Add(new Migration(number, file[5..], reader.ReadToEnd()));
        }
        list.Sort((a, b) => a.Number.CompareTo(b.Number));
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Number != i + 1)
            {
                throw new InvalidOperationException($"Migrations must be numbered 0001, 0002, ... without gaps; found {list[i].Number:D4}.");
            }
        }
        return list;
    }
}
