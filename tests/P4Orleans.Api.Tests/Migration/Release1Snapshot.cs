using System.Text.Json.Nodes;
using Npgsql;

namespace P4Orleans.Api.Tests.Migration;

/// <summary>A grain row of release 1 with its indexed columns.</summary>
public sealed record OldGrain(string Type, string Id, long Version, JsonObject State, string? Status, string? Owner, string? Group, long? Amount,
    DateOnly? Date, DateTimeOffset UpdatedAt);

/// <summary>A pending reminder of release 1.</summary>
public sealed record OldReminder(string Type, string Id, string Name, DateTimeOffset DueAt);

/// <summary>A journal entry of release 1 (seq is the table's global order).</summary>
public sealed record OldJournalEntry(long Seq, string Type, string Id, DateTimeOffset At, string Kind, string? Data);

/// <summary>A message of release 1's outbox.</summary>
public sealed record OldMessage(Guid Id, string MessageType, string TargetId, JsonObject Payload, DateTimeOffset SentAt, bool Dead);

/// <summary>What a database of release 1 held before its migration, read with plain SQL.</summary>
public sealed class Release1Snapshot
{
    /// <summary>The tables whose rows the migration must leave as they were (columns added since release 1 aside).</summary>
    public static readonly string[] UntouchedTables =
        ["users", "audit_head", "audit_log", "documents", "dossier_keys", "dossier_intake", "intake_jobs", "intake_job_lines"];

    public List<OldGrain> Grains { get; } = [];

    public List<OldReminder> Reminders { get; } = [];

    public List<OldJournalEntry> Journal { get; } = [];

    public List<OldMessage> Outbox { get; } = [];

    public Dictionary<string, string> Fingerprints { get; } = new(StringComparer.Ordinal);

    /// <summary>The columns each untouched table had in release 1.</summary>
    public Dictionary<string, string[]> Columns { get; } = new(StringComparer.Ordinal);

    public static async Task<Release1Snapshot> ReadAsync(string connectionString, CancellationToken ct)
    {
        var s = new Release1Snapshot();
        await using var db = NpgsqlDataSource.Create(connectionString);
        await ReadAsync(db, "SELECT grain_type, grain_id, version, state::text, idx_status, idx_owner, idx_group, idx_amount, idx_date, updated_at FROM grain_state WHERE state IS NOT NULL",
            r => s.Grains.Add(new OldGrain(r.GetString(0), r.GetString(1), r.GetInt64(2), JsonNode.Parse(r.GetString(3))!.AsObject(), Text(r, 4), Text(r, 5), Text(r, 6),
                r.IsDBNull(7) ? null : r.GetInt64(7), r.IsDBNull(8) ? null : r.GetFieldValue<DateOnly>(8), r.GetFieldValue<DateTimeOffset>(9))), ct);
        await ReadAsync(db, "SELECT grain_type, grain_id, name, due_at FROM reminders",
            r => s.Reminders.Add(new OldReminder(r.GetString(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3))), ct);
        await ReadAsync(db, "SELECT seq, grain_type, grain_id, at, kind, data::text FROM grain_journal ORDER BY seq",
            r => s.Journal.Add(new OldJournalEntry(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3), r.GetString(4), Text(r, 5))), ct);
        await ReadAsync(db, "SELECT id, message_type, target_id, payload::text, sent_at, dead FROM outbox",
            r => s.Outbox.Add(new OldMessage(r.GetGuid(0), r.GetString(1), r.GetString(2), JsonNode.Parse(r.GetString(3))!.AsObject(), r.GetFieldValue<DateTimeOffset>(4), r.GetBoolean(5))), ct);
        foreach (var table in UntouchedTables)
        {
            var columns = new List<string>();
            await using (var cmd = db.CreateCommand("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position"))
            {
                cmd.Parameters.AddWithValue(table);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    columns.Add(r.GetString(0));
                }
            }
            s.Columns[table] = [.. columns];
            s.Fingerprints[table] = await FingerprintAsync(db, table, ct, s.Columns[table]);
        }
        return s;
    }

    /// <summary>Every row of the table (those columns, or all) as text, in a stable order, hashed.</summary>
    public static async Task<string> FingerprintAsync(NpgsqlDataSource db, string table, CancellationToken ct, string[]? columns = null)
    {
        var row = columns is null ? "t" : "ROW(" + string.Join(", ", columns.Select(c => "t." + Silo.Embedded.EmbeddedPostgres.QuoteIdentifier(c))) + ")";
        await using var cmd = db.CreateCommand(
            $"SELECT count(*) || ':' || coalesce(md5(string_agg({row}::text, E'\\n' ORDER BY {row}::text)), '') FROM {table} t");
        return (string)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static async Task ReadAsync(NpgsqlDataSource db, string sql, Action<NpgsqlDataReader> row, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(sql);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            row(r);
        }
    }
}
