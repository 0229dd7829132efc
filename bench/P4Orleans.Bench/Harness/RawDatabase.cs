using Npgsql;

namespace P4Orleans.Bench.Harness;

/// <summary>
/// The raw side of a ratio: a connection pool of its own on the run's database, preparing its statements as the
/// platform's pool does (<c>Max Auto Prepare</c> 32, <c>No Reset On Close</c>), and the few SQL helpers the benchmarks share.
/// </summary>
public static class RawDatabase
{
    /// <summary>A pool named <paramref name="name"/> (its own connections), statements prepared.</summary>
    public static NpgsqlDataSource Create(BenchDatabase database, string name)
    {
        ArgumentNullException.ThrowIfNull(database);
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = name };
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 32;
        }
        if (!P4Orleans.Silo.Hosting.DatabaseServiceCollectionExtensions.Names(database.ConnectionString, "noresetonclose"))
        {
            builder.NoResetOnClose = true;
        }
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>Runs a statement with positional parameters.</summary>
    public static async Task<int> ExecuteAsync(this NpgsqlDataSource db, string sql, CancellationToken ct, params object[] parameters)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var cmd = db.CreateCommand(sql);
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        }
        cmd.CommandTimeout = 600;
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The first column of the first row, as a long (0 when null).</summary>
    public static async Task<long> LongAsync(this NpgsqlDataSource db, string sql, CancellationToken ct, params object[] parameters)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var cmd = db.CreateCommand(sql);
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        }
        cmd.CommandTimeout = 600;
        return await cmd.ExecuteScalarAsync(ct) is { } v and not DBNull ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>The first column of every row, as text.</summary>
    public static async Task<List<string>> StringsAsync(this NpgsqlDataSource db, string sql, CancellationToken ct, params object[] parameters)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var cmd = db.CreateCommand(sql);
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        }
        cmd.CommandTimeout = 600;
        var list = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(r.GetString(0));
        }
        return list;
    }

    /// <summary>A checkpoint, so that a timed side does not pay for the previous side's dirty pages.</summary>
    public static Task CheckpointAsync(this NpgsqlDataSource db, CancellationToken ct) => db.ExecuteAsync("CHECKPOINT", ct);
}
