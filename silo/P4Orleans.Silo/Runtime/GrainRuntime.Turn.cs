using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using P4Orleans.Grains;

namespace P4Orleans.Silo.Runtime;

// The SQL of a turn. A write turn is two round trips: BEGIN + lock and load, then every write + COMMIT.
public sealed partial class GrainRuntime
{
    private const string InsertRowSql =
        "INSERT INTO grain_state (grain_type, grain_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    private const string LockRowSql =
        "SELECT version, CASE WHEN version = $3 THEN NULL ELSE state::text END FROM grain_state WHERE grain_type = $1 AND grain_id = $2 FOR UPDATE";
    private const string ReadRowSql =
        "SELECT version, CASE WHEN version = $3 THEN NULL ELSE state::text END FROM grain_state WHERE grain_type = $1 AND grain_id = $2";
    private const string LockReminderSql =
        "SELECT due_at, period_us FROM reminders WHERE grain_type = $1 AND grain_id = $2 AND name = $3 FOR UPDATE";
    private const string LockMessageSql =
        "SELECT o.message_type, o.payload::text, o.sender_type, o.sender_id, o.sent_at, " +
        "EXISTS (SELECT 1 FROM inbox i WHERE i.grain_type = $2 AND i.grain_id = $3 AND i.message_id = $1) " +
        "FROM outbox o WHERE o.id = $1 FOR UPDATE OF o";
    private const string UpdateStateSql =
        "UPDATE grain_state SET version = $3, state = $4, idx_status = $5, idx_owner = $6, idx_group = $7, idx_amount = $8, " +
        "idx_date = $9, updated_at = $10 WHERE grain_type = $1 AND grain_id = $2";
    private const string InsertJournalSql =
        "INSERT INTO grain_journal (grain_type, grain_id, version, at, kind, data) VALUES ($1, $2, $3, $4, $5, $6)";
    private const string UpsertReminderSql =
        "INSERT INTO reminders (grain_type, grain_id, name, due_at, period_us) VALUES ($1, $2, $3, $4, $5) " +
        "ON CONFLICT (grain_type, grain_id, name) DO UPDATE SET due_at = EXCLUDED.due_at, period_us = EXCLUDED.period_us, " +
        "lease_until = NULL, lease_owner = NULL";
    private const string DeleteReminderSql =
        "DELETE FROM reminders WHERE grain_type = $1 AND grain_id = $2 AND name = $3";
    private const string RescheduleReminderSql =
        "UPDATE reminders SET due_at = $4, lease_until = NULL, lease_owner = NULL WHERE grain_type = $1 AND grain_id = $2 AND name = $3";
    private const string InsertInboxSql =
        "INSERT INTO inbox (grain_type, grain_id, message_id, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING";
    private const string DeleteMessageSql = "DELETE FROM outbox WHERE id = $1";
    private const string InsertMessageSql =
        "INSERT INTO outbox (id, target_type, target_id, message_type, payload, sender_type, sender_id, sent_at, next_attempt_at) " +
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)";

    private async Task<T> WriteAsync<T>(GrainId id, TurnInput input, Func<IGrainBase, TurnInput, Task<T>> body)
    {
        var activation = GetActivation(id);
        await activation.Gate.WaitAsync();
        Metrics.TurnStarted();
        try
        {
            return await RunWriteTurnAsync(activation, input, body);
        }
        finally
        {
            Metrics.TurnEnded();
            activation.Gate.Release();
        }
    }

    private async Task<T> RunWriteTurnAsync<T>(Activation activation, TurnInput input, Func<IGrainBase, TurnInput, Task<T>> body)
    {
        var id = activation.Id;
        await using var conn = await _db.OpenConnectionAsync();
        try
        {
            var (version, stateText, proceed) = await LockAndLoadAsync(conn, activation, input);
            activation.RowExists = true;
            if (!proceed)
            {
                await ExecAsync(conn, input.Kind == TurnKind.Message ? FinishDuplicateMessage(input) : [new NpgsqlBatchCommand("COMMIT")]);
                return default!;
            }
            var state = Resolve(activation, version, stateText);
            var context = new TurnContext(id, _time, this, _catalog, readOnly: false);
            activation.Instance.Bind(state, context);
            T result;
            CurrentTurn.Value = context;
            try
            {
                result = await body(activation.Instance, input);
            }
            finally
            {
                CurrentTurn.Value = null;
            }

            var json = JsonSerializer.Serialize(state, activation.Instance.StateType, JsonState.Options);
            var changed = !string.Equals(json, activation.Json, StringComparison.Ordinal);
            var newVersion = changed ? version + 1 : version;
            var writes = BuildWrites(id, input, context, state, changed ? json : null, newVersion);
            if (_options.PauseBeforeCommit && writes.Count > 0)
            {
                await ExecAsync(conn, writes);
                await Console.Out.WriteLineAsync($"PAUSED-BEFORE-COMMIT {id}");
                await Console.Out.FlushAsync();
                await Task.Delay(Timeout.Infinite);
            }
            writes.Add(new NpgsqlBatchCommand("COMMIT"));
            await ExecAsync(conn, writes);

            activation.State = state;
            activation.Json = json;
            activation.Version = newVersion;
            AfterCommit(input, context);
            return result;
        }
        catch
        {
            activation.Invalidate();
            await RollbackQuietlyAsync(conn);
            throw;
        }
    }

    private async Task<(long Version, string? State, bool Proceed)> LockAndLoadAsync(NpgsqlConnection conn, Activation activation, TurnInput input)
    {
        var id = activation.Id;
        await using var batch = new NpgsqlBatch(conn);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        if (!activation.RowExists)
        {
            batch.BatchCommands.Add(Cmd(InsertRowSql, id.Type, id.Key));
        }
        batch.BatchCommands.Add(Cmd(LockRowSql, id.Type, id.Key, activation.Version));
        if (input.Kind == TurnKind.Reminder)
        {
            batch.BatchCommands.Add(Cmd(LockReminderSql, id.Type, id.Key, input.ReminderName));
        }
        else if (input.Kind == TurnKind.Message)
        {
            batch.BatchCommands.Add(Cmd(LockMessageSql, input.MessageId, id.Type, id.Key));
        }
        await using var reader = await batch.ExecuteReaderAsync();
        await MoveToRowsAsync(reader, advance: false);
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException($"The state row of {id} vanished during its turn.");
        }
        var version = reader.GetInt64(0);
        var state = reader.IsDBNull(1) ? null : reader.GetString(1);
        var proceed = true;
        if (input.Kind == TurnKind.Reminder)
        {
            await MoveToRowsAsync(reader, advance: true);
            if (await reader.ReadAsync() && reader.GetFieldValue<DateTimeOffset>(0) == input.ReminderDue)
            {
                input.ReminderPeriod = reader.IsDBNull(1) ? null : TimeSpan.FromMicroseconds(reader.GetInt64(1));
            }
            else
            {
                // Cancelled, moved or already fired by another node: absorb this delivery.
                proceed = false;
                Metrics.ReminderAbsorbed();
            }
        }
        else if (input.Kind == TurnKind.Message)
        {
            await MoveToRowsAsync(reader, advance: true);
            if (!await reader.ReadAsync())
            {
                proceed = false;
                input.MessageType = null;
            }
            else
            {
                input.MessageType = reader.GetString(0);
                input.MessagePayload = reader.GetString(1);
                input.MessageSender = reader.IsDBNull(2) ? null : new GrainId(reader.GetString(2), reader.GetString(3));
                input.MessageSentAt = reader.GetFieldValue<DateTimeOffset>(4);
                if (reader.GetBoolean(5))
                {
                    proceed = false;
                }
            }
            if (!proceed)
            {
                Metrics.MessageDuplicate();
            }
        }
        return (version, state, proceed);
    }

    private static List<NpgsqlBatchCommand> FinishDuplicateMessage(TurnInput input) =>
        input.MessageType is null
            ? [new NpgsqlBatchCommand("COMMIT")]
            : [Cmd(DeleteMessageSql, input.MessageId), new NpgsqlBatchCommand("COMMIT")];

    private List<NpgsqlBatchCommand> BuildWrites(GrainId id, TurnInput input, TurnContext context, object state, string? json, long version)
    {
        var now = TurnContext.Micro(_time.GetUtcNow());
        var writes = new List<NpgsqlBatchCommand>();
        if (json is not null)
        {
            var index = (state as IIndexedState)?.GetIndex() ?? new GrainIndex();
            writes.Add(Cmd(UpdateStateSql, id.Type, id.Key, version, Json(json), Text(index.Status), Text(index.Owner), Text(index.Group),
                Typed(index.Amount, NpgsqlDbType.Bigint), Typed(index.Date, NpgsqlDbType.Date), now));
        }
        foreach (var entry in context.JournalEntries)
        {
            writes.Add(Cmd(InsertJournalSql, id.Type, id.Key, version, entry.At, entry.Kind, Json(entry.Data)));
        }
        foreach (var change in context.Reminders.Values)
        {
            writes.Add(change.Cancel
                ? Cmd(DeleteReminderSql, id.Type, id.Key, change.Name)
                : Cmd(UpsertReminderSql, id.Type, id.Key, change.Name, change.DueAt,
                    Typed(change.Period is { } p ? (long)p.TotalMicroseconds : null, NpgsqlDbType.Bigint)));
        }
        if (input.Kind == TurnKind.Reminder && !context.Reminders.ContainsKey(input.ReminderName))
        {
            writes.Add(input.ReminderPeriod is { } period
                ? Cmd(RescheduleReminderSql, id.Type, id.Key, input.ReminderName, NextDue(input.ReminderDue, period, now))
                : Cmd(DeleteReminderSql, id.Type, id.Key, input.ReminderName));
        }
        if (input.Kind == TurnKind.Message)
        {
            writes.Add(Cmd(InsertInboxSql, id.Type, id.Key, input.MessageId, now));
            writes.Add(Cmd(DeleteMessageSql, input.MessageId));
        }
        foreach (var message in context.Messages)
        {
            writes.Add(Cmd(InsertMessageSql, message.Id, message.Target.Type, message.Target.Key, message.Type, Json(message.Payload),
                id.Type, id.Key, now));
        }
        return writes;
    }

    private void AfterCommit(TurnInput input, TurnContext context)
    {
        if (input.Kind == TurnKind.Reminder)
        {
            Metrics.ReminderFired(_time.GetUtcNow() - input.ReminderDue);
        }
        else if (input.Kind == TurnKind.Message)
        {
            Metrics.MessageDelivered();
        }
        if (context.Messages.Count > 0)
        {
            MessagesSent?.Invoke();
        }
    }

    /// <summary>The first due time of a periodic reminder after now, on its original cadence.</summary>
    internal static DateTimeOffset NextDue(DateTimeOffset due, TimeSpan period, DateTimeOffset now)
    {
        if (now < due)
        {
            return due + period;
        }
        var periods = ((now - due).Ticks / period.Ticks) + 1;
        return TurnContext.Micro(due + TimeSpan.FromTicks(period.Ticks * periods));
    }

}
