using System.Globalization;
using Npgsql;
using P4Orleans.Bench.Harness;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>
/// Sets many dossiers' prescription warning (a real deadline of their state, with its reminder handler) due at
/// one instant, in SQL on stopped silos, and counts in the journal how often each was applied.
/// </summary>
public static class DueDeadlines
{
    /// <summary>The deadline moved: a reminder whose handler journals <c>deadline-reached</c> once and escalates.</summary>
    public const string Name = "prescription-warning";

    /// <summary>Dossiers whose prescription warning is pending (not reached).</summary>
    public const string Pending =
        "payload -> 'wakeUps' ? 'prescription-warning' AND coalesce((payload #>> '{keyDates,prescription-warning,reached}')::boolean, false) = false";

    /// <summary>
    /// Moves the deadline of <paramref name="keys"/> to <paramref name="due"/>: the wake-up, the key date's due instant and
    /// the state's earliest wake-up (the catch-up's indexed <c>next_due_at</c>). Only while no silo holds them active.
    /// </summary>
    public static async Task MoveAsync(NpgsqlDataSource db, IReadOnlyList<string> keys, DateTimeOffset due, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var at = due.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+00:00'", CultureInfo.InvariantCulture);
        for (var i = 0; i < keys.Count; i += 10_000)
        {
            await db.ExecuteAsync("""
                UPDATE orleans_grain_state SET version = version + 1, payload =
                    jsonb_set(jsonb_set(jsonb_set(payload, '{wakeUps,prescription-warning}', to_jsonb($1::text)),
                              '{keyDates,prescription-warning,dueAt}', to_jsonb($1::text)), '{nextDueAt}', to_jsonb($1::text))
                WHERE service_id = 'p4orleans' AND state_name = 'dossier' AND grain_key = ANY($2)
                """, ct, at, keys.Skip(i).Take(10_000).ToArray());
        }
        await db.ExecuteAsync("ANALYZE orleans_grain_state", ct);
    }

    /// <summary>How many of <paramref name="keys"/> have the deadline applied (journalled), and the most times any one was.</summary>
    public static async Task<(long Applied, long MaxPerDossier)> CountAsync(NpgsqlDataSource db, IReadOnlyList<string> keys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var cmd = db.CreateCommand("""
            SELECT count(*), coalesce(max(n), 0) FROM (
                SELECT grain_key, count(*) AS n FROM journal
                WHERE service_id = 'p4orleans' AND grain_type = 'dossier' AND grain_key = ANY($1)
                  AND kind = 'deadline-reached' AND data ->> 'name' = 'prescription-warning'
                GROUP BY grain_key) x
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = keys.ToArray() });
        cmd.CommandTimeout = 600;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetInt64(0), r.GetInt64(1));
    }
}
