using System.Text.Json;
using Npgsql;
using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Domain.Orleans;
using P4Orleans.Law;
using P4Orleans.Recovery.Hosting;

namespace P4Orleans.Recovery.Timeline;

/// <summary>
/// The dossiers' timelines and key-date reasons, out of their state: the storage write appends a turn's entries to
/// <c>timeline</c> (migration 0010) and keeps the reasons of the dates it set in <c>key_date_texts</c> (migration 0014),
/// in the statement that writes the state; bulk intake in the transaction that inserts the row. The ledger's entries
/// likewise go to <c>ledger_entries</c> (migration 0017), the state keeping the ledger's totals. Read by the views
/// that show them, and by the commands that look back at the ledger, one primary-key range scan each.
/// </summary>
public sealed class DossierTimelineSql(NpgsqlDataSource db, PlatformClusterOptions cluster) : IDossierTimeline
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<TimelineRecord>> ReadAsync(string dossierId)
    {
        await using var cmd = db.CreateCommand(
            "SELECT entry FROM timeline WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 ORDER BY seq");
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = GrainTypes.Dossier });
        cmd.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        var entries = new List<TimelineRecord>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            // The entry is in the state's JSON shape, as the grain serialised it.
            var entry = JsonSerializer.Deserialize<TimelineRecord>(r.GetString(0), StateJson.Options);
            if (entry is not null)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string dossierId, long fromSeq, long toSeq) =>
        ReadNumberedAsync<LedgerEntry>("ledger_entries", dossierId, fromSeq, toSeq);

    /// <inheritdoc />
    public Task<IReadOnlyList<DocumentRecord>> ReadDocumentsAsync(string dossierId, long toSeq) =>
        ReadNumberedAsync<DocumentRecord>("dossier_documents", dossierId, 1, toSeq);

    /// <summary>
    /// The rows <paramref name="fromSeq"/>..<paramref name="toSeq"/> of one of the dossiers' append-only tables, each in
    /// the state's JSON shape. The state counts them: a row missing fails the read rather than show a list with lines
    /// missing.
    /// </summary>
    private async Task<IReadOnlyList<T>> ReadNumberedAsync<T>(string table, string dossierId, long fromSeq, long toSeq)
        where T : class
    {
        // The table is one of the two names above, never input.
        await using var cmd = db.CreateCommand($"""
            SELECT entry FROM {table}
            WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND seq BETWEEN $4 AND $5 ORDER BY seq
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = GrainTypes.Dossier });
        cmd.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = fromSeq });
        cmd.Parameters.Add(new NpgsqlParameter { Value = toSeq });
        var rows = new List<T>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            rows.Add(JsonSerializer.Deserialize<T>(r.GetString(0), StateJson.Options)
                ?? throw new InvalidOperationException($"A row of {table} is empty."));
        }

        if (rows.Count != toSeq - fromSeq + 1)
        {
            throw new InvalidOperationException($"The dossier's {table} hold {rows.Count} of its rows {fromSeq}..{toSeq}.");
        }

        return rows;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, KeyDateText>> ReadKeyDateTextsAsync(string dossierId)
    {
        await using var cmd = db.CreateCommand(
            "SELECT name, french, dutch FROM key_date_texts WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3");
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = GrainTypes.Dossier });
        cmd.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        var texts = new Dictionary<string, KeyDateText>(StringComparer.Ordinal);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            texts[r.GetString(0)] = new KeyDateText(r.GetString(1), r.GetString(2));
        }

        return texts;
    }
}
