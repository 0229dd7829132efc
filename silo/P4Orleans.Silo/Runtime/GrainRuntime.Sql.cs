using Npgsql;
using NpgsqlTypes;

namespace P4Orleans.Silo.Runtime;

// Small SQL helpers of the turns: batches, results, parameters.
public sealed partial class GrainRuntime
{
    private static async Task MoveToRowsAsync(NpgsqlDataReader reader, bool advance)
    {
        if (advance && !await reader.NextResultAsync())
        {
            throw new InvalidOperationException("A turn's batch returned fewer results than expected.");
        }
        while (reader.FieldCount == 0)
        {
            if (!await reader.NextResultAsync())
            {
                throw new InvalidOperationException("A turn's batch returned fewer results than expected.");
            }
        }
    }

    private static async Task ExecAsync(NpgsqlConnection conn, List<NpgsqlBatchCommand> commands)
    {
        await using var batch = new NpgsqlBatch(conn);
        foreach (var c in commands)
        {
            batch.BatchCommands.Add(c);
        }
        await batch.ExecuteNonQueryAsync();
    }

    private static async Task RollbackQuietlyAsync(NpgsqlConnection conn)
    {
        if (conn.FullState != System.Data.ConnectionState.Open)
        {
            return;
        }
        try
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK", conn);
            await rollback.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The connection is broken; the server rolls the transaction back itself.
        }
    }

    internal static NpgsqlBatchCommand Cmd(string sql, params object?[] args)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var a in args)
        {
            command.Parameters.Add(a as NpgsqlParameter ?? new NpgsqlParameter { Value = a ?? DBNull.Value });
        }
        return command;
    }

    internal static NpgsqlParameter Json(string? json) => new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)json ?? DBNull.Value };

    internal static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    internal static NpgsqlParameter Typed(object? value, NpgsqlDbType type) => new() { NpgsqlDbType = type, Value = value ?? DBNull.Value };
}
