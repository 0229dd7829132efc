using Npgsql;

namespace P4Orleans.Api.Tests.Dossiers;

/// <summary>
/// Looks for strings anywhere in the database: every row of every table of schema public cast to text, and
/// every bytea column decoded as text as well (escaped, so text stored in bytea is readable).
/// </summary>
public static class DatabaseScan
{
    /// <summary>Where each needle was found ("table" or "table.column"); empty when nowhere.</summary>
    public static async Task<IReadOnlyList<string>> FindAsync(string connectionString, IReadOnlyCollection<string> needles, CancellationToken ct)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        var tables = new List<string>();
        await using (var cmd = db.CreateCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                tables.Add(r.GetString(0));
            }
        }
        var byteaColumns = new List<(string Table, string Column)>();
        await using (var cmd = db.CreateCommand("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'bytea' ORDER BY 1, 2"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                byteaColumns.Add((r.GetString(0), r.GetString(1)));
            }
        }
        Assert.Contains("orleans_grain_state", tables);
        Assert.Contains(("documents", "content"), byteaColumns);

        var found = new List<string>();
        foreach (var table in tables)
        {
            // Identifiers come from the catalogue and are quoted; the needles are parameters.
            found.AddRange(await SearchAsync(db, $"SELECT t::text FROM public.\"{table}\" t", table, needles, ct));
        }
        foreach (var (table, column) in byteaColumns)
        {
            found.AddRange(await SearchAsync(db, $"SELECT encode(\"{column}\", 'escape') FROM public.\"{table}\" WHERE \"{column}\" IS NOT NULL",
                $"{table}.{column}", needles, ct));
        }
        return found;
    }

    private static async Task<IEnumerable<string>> SearchAsync(NpgsqlDataSource db, string rows, string where, IReadOnlyCollection<string> needles,
        CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"SELECT n FROM unnest($1::text[]) n WHERE EXISTS (SELECT 1 FROM ({rows}) x(v) WHERE strpos(lower(x.v), lower(n)) > 0)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = needles.ToArray() });
        var hits = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            hits.Add($"'{r.GetString(0)}' in {where}");
        }
        return hits;
    }
}
