using System.Text.Json;
using Npgsql;
using P4Orleans.Grains;

namespace P4Orleans.Silo.Runtime;

// [ReadOnly] calls: one round trip, no lock, the last committed state; and the cached state's refresh.
public sealed partial class GrainRuntime
{
    private async Task<T> ReadAsync<T>(GrainId id, Func<IGrainBase, Task<T>> body)
    {
        var activation = GetActivation(id);
        await activation.Gate.WaitAsync();
        try
        {
            long version = 0;
            string? text = null;
            await using (var conn = await _db.OpenConnectionAsync())
            await using (var cmd = new NpgsqlCommand(ReadRowSql, conn))
            {
                cmd.Parameters.Add(new NpgsqlParameter { Value = id.Type });
                cmd.Parameters.Add(new NpgsqlParameter { Value = id.Key });
                cmd.Parameters.Add(new NpgsqlParameter { Value = activation.Version });
                await using var reader = await cmd.ExecuteReaderAsync();
                if (await reader.ReadAsync())
                {
                    version = reader.GetInt64(0);
                    text = reader.IsDBNull(1) ? null : reader.GetString(1);
                    activation.RowExists = true;
                }
            }
            var state = Resolve(activation, version, text);
            var context = new TurnContext(id, _time, this, _catalog, readOnly: true);
            activation.Instance.Bind(state, context);
            CurrentTurn.Value = context;
            try
            {
                return await body(activation.Instance);
            }
            catch
            {
                activation.Invalidate();
                throw;
            }
            finally
            {
                CurrentTurn.Value = null;
            }
        }
        finally
        {
            activation.Gate.Release();
        }
    }

    private static object Resolve(Activation activation, long version, string? text)
    {
        if (version == activation.Version && activation.State is not null)
        {
            return activation.State;
        }
        var type = activation.Instance.StateType;
        var state = text is null
            ? Activator.CreateInstance(type)!
            : JsonSerializer.Deserialize(text, type, JsonState.Options) ?? Activator.CreateInstance(type)!;
        activation.State = state;
        activation.Version = version;
        activation.Json = JsonSerializer.Serialize(state, type, JsonState.Options);
        return state;
    }
}
