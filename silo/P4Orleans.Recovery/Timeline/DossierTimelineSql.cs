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
    public async Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string dossierId, long fromSeq, long toSeq)
    {
        await using var cmd = db.CreateCommand("""
            SELECT entry FROM ledger_entries
            WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND seq BETWEEN $4 AND $5 ORDER BY seq
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = GrainTypes.Dossier });
        cmd.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = fromSeq });
        cmd.Parameters.Add(new NpgsqlParameter { Value = toSeq });
        var entries = new List<LedgerEntry>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            entries.Add(JsonSerializer.Deserialize<LedgerEntry>(r.GetString(0), StateJson.Options)
                ?? throw new InvalidOperationException("A stored ledger entry is empty."));
        }

        if (entries.Count != toSeq - fromSeq + 1)
        {
            // The state counts entries the table does not hold: never show a ledger with lines missing.
            throw new InvalidOperationException($"The dossier's ledger holds {entries.Count} of its entries {fromSeq}..{toSeq}.");
        }

        return entries;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DocumentRecord>> ReadDocumentsAsync(string dossierId, long toSeq)
    {
        await using var cmd = db.CreateCommand("""
            SELECT entry FROM dossier_documents
            WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND seq BETWEEN 1 AND $4 ORDER BY seq
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = GrainTypes.Dossier });
        cmd.Parameters.Add(new NpgsqlParameter { Value = dossierId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = toSeq });
        var documents = new List<DocumentRecord>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            documents.Add(JsonSerializer.Deserialize<DocumentRecord>(r.GetString(0), StateJson.Options)
                ?? throw new InvalidOperationException("A stored document record is empty."));
        }

        if (documents.Count != toSeq)
        {
            throw new InvalidOperationException($"The dossier's documents hold {documents.Count} of its {toSeq}.");
        }

        return documents;
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
