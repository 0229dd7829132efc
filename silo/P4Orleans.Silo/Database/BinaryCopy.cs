using Npgsql;
using NpgsqlTypes;

namespace P4Orleans.Silo.Database;

/// <summary>Binary COPY helpers shared by the bulk paths (and the benchmarks that compare against them).</summary>
public static class BinaryCopy
{
    /// <summary>Copies <paramref name="rows"/> with <paramref name="copySql"/> (a <c>COPY ... FROM STDIN (FORMAT BINARY)</c>); nothing when empty.</summary>
    public static async Task RowsAsync<T>(NpgsqlConnection conn, string copySql, IReadOnlyCollection<T> rows,
        Func<NpgsqlBinaryImporter, T, Task> write, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }
        await using var copy = await conn.BeginBinaryImportAsync(copySql, ct);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(ct);
            await write(copy, row);
        }
        await copy.CompleteAsync(ct);
    }

    /// <summary>Writes a value, or NULL.</summary>
    public static Task WriteNullableAsync<T>(this NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);
}
