using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using P4Orleans.Silo.Database;
using P4Orleans.Testing;

namespace P4Orleans.Api.Tests.Migration;

/// <summary>
/// The database of release 1 (Fixtures/release-1): restored from its plain pg_dump into a fresh database of
/// the test server, its manifest (the clock it was made at, its users, offices and dossiers) and the answers
/// release 1 gave.
/// </summary>
public static class Release1Fixture
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "release-1");

    /// <summary>The manifest: madeAt, users, offices, dossiers (name to id).</summary>
    public static JsonObject Manifest { get; } = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "release-1.json")))!.AsObject();

    /// <summary>The instant the fixture's clock stood at when its answers were taken.</summary>
    public static DateTimeOffset MadeAt => DateTimeOffset.Parse((string)Manifest["madeAt"]!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The key ring the sealed data needs.</summary>
    public static string KeyFile => Path.Combine(Folder, "keys.json");

    /// <summary>Release 1's answers: {"dossiers": {name: {path: answer}}, "offices": {id: {path: answer}}}; an answer is {caller, status, body}.</summary>
    public static JsonObject Answers()
    {
        using var gz = new GZipStream(File.OpenRead(Path.Combine(Folder, "release-1.answers.json.gz")), CompressionMode.Decompress);
        return JsonNode.Parse(gz)!.AsObject();
    }

    /// <summary>A fresh database holding release 1's dump, not yet migrated.</summary>
    public static async Task<string> RestoreAsync(string prefix, CancellationToken ct)
    {
        var cs = await TestPostgres.CreateDatabaseAsync(prefix, empty: true);
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync(ct);
            await RestoreAsync(conn, ct);
        }
        return cs;
    }

    /// <summary>Runs the platform's migrator, with the service id given as the migration's setting when there is one.</summary>
    public static async Task<MigrationReport> MigrateAsync(string connectionString, CancellationToken ct, string? serviceId = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (serviceId is not null)
        {
            builder.Options = $"-c p4.service_id={serviceId}";
        }
        await using var db = NpgsqlDataSource.Create(builder.ConnectionString);
        return await new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(ct);
    }

    // A plain pg_dump is SQL statements with COPY ... FROM stdin blocks (rows up to a line "\."): the
    // statements run as they come, each block through COPY. No psql is needed. psql's own commands
    // (\restrict and \unrestrict, which guard psql against commands hidden in the data) mean nothing here.
    private static async Task RestoreAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var file = new GZipStream(File.OpenRead(Path.Combine(Folder, "release-1.sql.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(file, Encoding.UTF8);
        var sql = new StringBuilder();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("COPY ", StringComparison.Ordinal) && line.EndsWith(" FROM stdin;", StringComparison.Ordinal))
            {
                await ExecuteAsync(conn, sql, ct);
                await using var copy = await conn.BeginTextImportAsync(line[..^1], ct);
                while (await reader.ReadLineAsync(ct) is { } row && row != "\\.")
                {
                    await copy.WriteAsync(row + "\n");
                }
                continue;
            }
            if (line.StartsWith('\\'))
            {
                continue;
            }
            sql.Append(line).Append('\n');
        }
        await ExecuteAsync(conn, sql, ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, StringBuilder sql, CancellationToken ct)
    {
        if (sql.ToString().Split('\n').All(l => l.Length == 0 || l.StartsWith("--", StringComparison.Ordinal)))
        {
            sql.Clear();
            return;
        }
        await using var cmd = new NpgsqlCommand(sql.ToString(), conn);
        await cmd.ExecuteNonQueryAsync(ct);
        sql.Clear();
    }
}
