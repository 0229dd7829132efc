using System.Text.Json;
using Npgsql;
using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Domain.Orleans;
using P4Orleans.Recovery.Hosting;

namespace P4Orleans.Recovery.Timeline;

/// <summary>
/// The dossiers' timelines, out of their state: the storage write appends a turn's entries to <c>timeline</c>
/// in the statement that writes the state (the timeline migration, 0009), bulk intake in the transaction that inserts the
/// row. Read by the views that show a timeline, one primary-key range scan.
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
}
