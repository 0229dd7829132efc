using System.Text.Json;
using Npgsql;

namespace P4Orleans.Cluster.Tests;

/// <summary>A dossier's state as stored: what the checks need of it.</summary>
public sealed record DossierRow(string Id, string? Status, string? AssignedOfficeId, DateTimeOffset? ServiceDueAt, bool ServiceReached, int ServiceEscalations);

/// <summary>One journal entry.</summary>
public sealed record JournalRow(string GrainType, string Key, DateTimeOffset At, string Kind, string Data)
{
    /// <summary>A text property of the entry's data, if any.</summary>
    public string? Field(string name)
    {
        using var data = JsonDocument.Parse(Data);
        return data.RootElement.ValueKind == JsonValueKind.Object && data.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
    }
}

/// <summary>A row of Orleans' membership table.</summary>
public sealed record MemberRow(int Port, int Status, DateTimeOffset IAmAliveTime);

/// <summary>
/// Reads the shared database the way the checks need it: dossier and office states, the journal, membership.
/// SQL on the Orleans tables (state in <c>orleans_grain_state</c>, history in <c>journal</c>, both keyed by
/// service id).
/// </summary>
public sealed class ClusterDatabase(string connectionString, string serviceId) : IAsyncDisposable
{
    /// <summary>Orleans' SiloStatus.Dead.</summary>
    public const int Dead = 6;

    private const string StatesSql = "SELECT grain_key, payload::text FROM orleans_grain_state WHERE service_id = $1 AND state_name = $2";
    private const string JournalSql =
        "SELECT grain_type, grain_key, at, kind, coalesce(data::text, 'null') FROM journal WHERE service_id = $1 ORDER BY grain_type, grain_key, seq";

    private readonly NpgsqlDataSource _db = NpgsqlDataSource.Create(connectionString);

    public async Task<IReadOnlyList<DossierRow>> DossiersAsync(CancellationToken ct)
    {
        var rows = new List<DossierRow>();
        await foreach (var (key, payload) in StatesAsync("dossier", ct))
        {
            rows.Add(Dossier(key, payload));
        }
        return rows;
    }

    public async Task<IReadOnlySet<string>> OfficeIdsAsync(CancellationToken ct)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var (key, payload) in StatesAsync("bailiff", ct))
        {
            if (payload is not null)
            {
                ids.Add(key);
            }
        }
        return ids;
    }

    public async Task<IReadOnlyList<JournalRow>> JournalAsync(CancellationToken ct)
    {
        await using var cmd = _db.CreateCommand(JournalSql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        var rows = new List<JournalRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new JournalRow(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), reader.GetString(4)));
        }
        return rows;
    }

    /// <summary>The silos of the cluster as membership records them.</summary>
    public async Task<IReadOnlyList<MemberRow>> MembersAsync(CancellationToken ct)
    {
        await using var cmd = _db.CreateCommand("SELECT port, status, i_am_alive_time FROM orleans_membership WHERE deployment_id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        var rows = new List<MemberRow>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new MemberRow(reader.GetInt32(0), reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }
        return rows;
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private async IAsyncEnumerable<(string Key, string? Payload)> StatesAsync(string stateName,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var cmd = _db.CreateCommand(StatesSql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = stateName });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
        }
    }

    private static DossierRow Dossier(string key, string? payload)
    {
        if (payload is null)
        {
            return new DossierRow(key, null, null, null, false, 0);
        }
        using var json = JsonDocument.Parse(payload);
        var root = json.RootElement;
        string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        DateTimeOffset? due = null;
        var reached = false;
        if (root.TryGetProperty("keyDates", out var dates) && dates.ValueKind == JsonValueKind.Object
            && dates.TryGetProperty("service-deadline", out var service))
        {
            due = service.GetProperty("dueAt").GetDateTimeOffset();
            reached = service.TryGetProperty("reached", out var r) && r.ValueKind == JsonValueKind.True;
        }
        var escalations = root.TryGetProperty("escalations", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Count(e => Text(e, "kind") == "ServiceDeadlineMissed")
            : 0;
        return new DossierRow(key, Text(root, "status"), Text(root, "assignedOfficeId"), due, reached, escalations);
    }
}
