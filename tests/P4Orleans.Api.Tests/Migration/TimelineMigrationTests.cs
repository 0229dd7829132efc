using System.Text.Json.Nodes;
using Npgsql;
using P4Orleans.Silo.Database;

namespace P4Orleans.Api.Tests.Migration;

/// <summary>
/// A database written before the timeline left the dossier's state (every migration up to the Orleans data
/// move applied, timelines inside the payloads) migrates forward: each dossier keeps its whole timeline, in
/// order, in the timeline table, and its row keeps only the count.
/// </summary>
public sealed class TimelineMigrationTests
{
    /// <summary>The last migration of the version whose dossiers held their timeline in their state.</summary>
    private const int TimelineInStateUpTo = 8;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_database_whose_dossiers_hold_their_timeline_in_their_state_keeps_every_entry_in_order_after_the_migration()
    {
        var cs = await Release1Fixture.RestoreAsync("tl", Ct);
        await using var db = NpgsqlDataSource.Create(cs);
        await ApplyUpToAsync(db, TimelineInStateUpTo);
        await WriteAsTheStateShapedAsync(db);
        var before = await TimelinesInStateAsync(db);
        Assert.Contains(before.Values, t => t.Count > 3);

        var report = await Release1Fixture.MigrateAsync(cs, Ct);
        Assert.Equal(Migrator.All.Where(m => m.Number > TimelineInStateUpTo).Select(m => m.Number), report.Applied.Select(m => m.Number));

        Assert.Empty(await TimelinesInStateAsync(db));
        foreach (var (key, entries) in before)
        {
            await using var cmd = db.CreateCommand("""
                SELECT (SELECT (payload ->> 'timelineSeq')::bigint FROM orleans_grain_state WHERE state_name = 'dossier' AND grain_key = $1),
                       coalesce((SELECT jsonb_agg(entry ORDER BY seq)::text FROM timeline WHERE grain_type = 'dossier' AND grain_key = $1), '[]')
                """);
            cmd.Parameters.Add(new NpgsqlParameter { Value = key });
            await using var r = await cmd.ExecuteReaderAsync(Ct);
            Assert.True(await r.ReadAsync(Ct));
            Assert.Equal(entries.Count, r.GetInt64(0));
            var moved = JsonNode.Parse(r.GetString(1))!.AsArray();
            Assert.Equal(entries.Count, moved.Count);
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = moved[i]!.AsObject();
                Assert.Equal(i + 1, (long)entry["seq"]!);
                entry.Remove("seq");
                Assert.True(JsonNode.DeepEquals(entries[i], entry), $"{key} entry {i + 1}: {entry.ToJsonString()}");
            }
        }
    }

    /// <summary>
    /// One more dossier as the grains wrote it while the timeline was in the state (a deadline entry with its
    /// explanation in both languages, an escalation), beside the rows the data move of release 1 wrote.
    /// </summary>
    private static async Task WriteAsTheStateShapedAsync(NpgsqlDataSource db)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO orleans_grain_state (service_id, state_name, grain_key, version, payload, modified_at)
            SELECT service_id, state_name, 'written-by-the-grains', 3, payload || jsonb_build_object('timeline', $1::jsonb), modified_at
            FROM orleans_grain_state WHERE state_name = 'dossier' ORDER BY grain_key LIMIT 1
            """);
        cmd.Parameters.Add(new NpgsqlParameter
        {
            Value = """
                [{"at":"2026-03-02T09:00:00+00:00","kind":"submitted","status":"AwaitingDispatch","detail":"title ONSS-1 received; arrondissement liege","deadline":null},
                 {"at":"2026-03-02T09:00:00+00:00","kind":"deadline-set","status":"AwaitingDispatch","detail":"prescription: last day 2031-03-01 (presc-v1)",
                  "deadline":{"name":"prescription","date":"2031-03-01","previousDate":null,"ruleId":"presc-v1","french":"cinq ans","dutch":"vijf jaar"}},
                 {"at":"2026-03-03T10:00:00+00:00","kind":"escalated","status":"Assigned","detail":"AcceptanceDeadlineMissed: office-1","deadline":null},
                 {"at":"2026-03-04T11:00:00+00:00","kind":"Accept","status":"Accepted","detail":"accepted by office-1","deadline":null}]
                """,
            NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text,
        });
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync(Ct));
    }

    /// <summary>Applies the shipped migrations up to <paramref name="last"/> as the migrator would (same records).</summary>
    internal static async Task ApplyUpToAsync(NpgsqlDataSource db, int last)
    {
        await using var conn = await db.OpenConnectionAsync(Ct);
        var applied = new HashSet<int>();
        await using (var cmd = new NpgsqlCommand("SELECT number FROM schema_migrations", conn))
        await using (var r = await cmd.ExecuteReaderAsync(Ct))
        {
            while (await r.ReadAsync(Ct))
            {
                applied.Add(r.GetInt32(0));
            }
        }

        foreach (var migration in Migrator.All.Where(m => m.Number <= last && !applied.Contains(m.Number)))
        {
            await using var tx = await conn.BeginTransactionAsync(Ct);
            await using (var cmd = new NpgsqlCommand(migration.Sql, conn, tx))
            {
                await cmd.ExecuteNonQueryAsync(Ct);
            }
            await using (var cmd = new NpgsqlCommand("INSERT INTO schema_migrations (number, name, checksum) VALUES ($1, $2, $3)", conn, tx))
            {
                cmd.Parameters.Add(new NpgsqlParameter { Value = migration.Number });
                cmd.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
                cmd.Parameters.Add(new NpgsqlParameter { Value = migration.Checksum });
                await cmd.ExecuteNonQueryAsync(Ct);
            }
            await tx.CommitAsync(Ct);
        }
    }

    private static async Task<Dictionary<string, List<JsonNode>>> TimelinesInStateAsync(NpgsqlDataSource db)
    {
        await using var cmd = db.CreateCommand(
            "SELECT grain_key, (payload -> 'timeline')::text FROM orleans_grain_state WHERE state_name = 'dossier' AND payload ? 'timeline'");
        var found = new Dictionary<string, List<JsonNode>>(StringComparer.Ordinal);
        await using var r = await cmd.ExecuteReaderAsync(Ct);
        while (await r.ReadAsync(Ct))
        {
            found[r.GetString(0)] = [.. JsonNode.Parse(r.GetString(1))!.AsArray().Select(n => n!.DeepClone())];
        }

        return found;
    }
}
