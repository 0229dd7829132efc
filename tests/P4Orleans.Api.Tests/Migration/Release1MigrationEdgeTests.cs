using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using P4Orleans.Silo.Database;
using static P4Orleans.Api.Tests.Migration.Release1MigrationTests;

namespace P4Orleans.Api.Tests.Migration;

// Release 1's database altered before its migration, for the cases the fixture's own history does not hold.
public sealed class Release1MigrationEdgeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string DossierId(string name) => (string)Release1Fixture.Manifest["dossiers"]![name]!;

    [Theory]
    [InlineData("p4-tenant-b")]
    [InlineData("p4orleans")]
    public async Task the_service_id_is_the_setting_the_migrator_passes_and_p4orleans_without_one(string serviceId)
    {
        var cs = await Release1Fixture.RestoreAsync("r1sid", Ct);
        var before = await Release1Snapshot.ReadAsync(cs, Ct);
        await Release1Fixture.MigrateAsync(cs, Ct, serviceId == "p4orleans" ? null : serviceId);

        await using var db = NpgsqlDataSource.Create(cs);
        Assert.Equal(before.Grains.Count, (await NewGrain.ReadAsync(db, serviceId, Ct)).Count);
        await using var cmd = db.CreateCommand("""
            SELECT (SELECT string_agg(DISTINCT service_id, ',') FROM orleans_grain_state), (SELECT string_agg(DISTINCT service_id, ',') FROM journal)
            """);
        await using var r = await cmd.ExecuteReaderAsync(Ct);
        await r.ReadAsync(Ct);
        Assert.Equal((serviceId, serviceId), (r.GetString(0), r.GetString(1)));
    }

    [Fact]
    public async Task grain_rows_without_state_and_grains_of_other_types_do_not_move_and_nor_does_their_journal()
    {
        var cs = await Release1Fixture.RestoreAsync("r1skip", Ct);
        await ExecAsync(cs, """
            INSERT INTO grain_state (grain_type, grain_id, version, state) VALUES ('dossier', 'never-written', 0, NULL), ('probe', 'p-1', 3, '{"n": 1}');
            INSERT INTO grain_journal (grain_type, grain_id, version, at, kind, data) VALUES
                ('dossier', 'never-written', 1, now(), 'ignored', NULL), ('probe', 'p-1', 1, now(), 'probed', '{"officeId": "liege-a"}');
            INSERT INTO reminders (grain_type, grain_id, name, due_at) VALUES ('probe', 'p-1', 'tick', now());
            """);
        var before = await Release1Snapshot.ReadAsync(cs, Ct);
        await Release1Fixture.MigrateAsync(cs, Ct);

        await using var db = NpgsqlDataSource.Create(cs);
        var rows = await NewGrain.ReadAsync(db, "p4orleans", Ct);
        Assert.Equal(before.Grains.Count(g => g.Type is "dossier" or "bailiff"), rows.Count);
        Assert.DoesNotContain(rows.Keys, k => k.Item2 is "never-written" or "p-1");
        await using var cmd = db.CreateCommand("SELECT count(*) FROM journal WHERE grain_key IN ('never-written', 'p-1')");
        Assert.Equal(0L, (long)(await cmd.ExecuteScalarAsync(Ct))!);
        await using var all = db.CreateCommand("SELECT count(*) FROM journal");
        // The moved history, and one entry per office with release 1's performance counters.
        Assert.Equal((long)before.Journal.Count(j => before.Grains.Any(g => g.Type is "dossier" or "bailiff" && (g.Type, g.Id) == (j.Type, j.Id)))
            + before.Grains.Count(g => g.Type == "bailiff"), (long)(await all.ExecuteScalarAsync(Ct))!);
    }

    [Fact]
    public async Task instants_with_fractions_of_a_second_are_written_as_system_text_json_writes_them_and_read_back_by_the_index()
    {
        var cs = await Release1Fixture.RestoreAsync("r1frac", Ct);
        var id = DossierId("assigned-1");
        var due = new DateTimeOffset(2026, 6, 1, 7, 30, 15, TimeSpan.Zero);
        var instants = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal)
        {
            ["acceptance-deadline"] = due.AddTicks(10),          // one microsecond
            ["prescription"] = due.AddMilliseconds(500),         // one digit
            ["prescription-warning"] = due.AddTicks(1_234_560),  // six digits, one trailing zero
            ["service-deadline"] = due.AddDays(1),               // whole second
        };
        await using (var db = NpgsqlDataSource.Create(cs))
        {
            await using var clear = db.CreateCommand("DELETE FROM reminders WHERE grain_type = 'dossier' AND grain_id = $1");
            clear.Parameters.AddWithValue(id);
            await clear.ExecuteNonQueryAsync(Ct);
            foreach (var (name, at) in instants)
            {
                await using var add = db.CreateCommand("INSERT INTO reminders (grain_type, grain_id, name, due_at) VALUES ('dossier', $1, $2, $3)");
                add.Parameters.AddWithValue(id);
                add.Parameters.AddWithValue(name);
                add.Parameters.AddWithValue(at);
                await add.ExecuteNonQueryAsync(Ct);
            }
        }
        await Release1Fixture.MigrateAsync(cs, Ct);

        await using var migrated = NpgsqlDataSource.Create(cs);
        var row = (await NewGrain.ReadAsync(migrated, "p4orleans", Ct))[("dossier", id)];
        var wakeUps = row.Payload["wakeUps"]!.AsObject();
        Assert.Equal(instants.Keys.Order(StringComparer.Ordinal), wakeUps.Select(w => w.Key).Order(StringComparer.Ordinal));
        foreach (var (name, at) in instants)
        {
            Assert.Equal(SystemTextJson(at), (string?)wakeUps[name]);
            Assert.Equal(at, JsonSerializer.Deserialize<DateTimeOffset>(wakeUps[name]!.ToJsonString()));
        }
        Assert.Equal("2026-06-01T07:30:15.000001+00:00", (string?)row.Payload["nextDueAt"]);
        Assert.Equal(due.AddTicks(10), row.NextDueAt);
    }

    [Fact]
    public async Task an_office_gets_one_outbox_entry_per_status_change_oldest_first_and_requests_set_aside_as_dead_go()
    {
        var cs = await Release1Fixture.RestoreAsync("r1out", Ct);
        Guid[] ids = [Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7()];
        await using (var db = NpgsqlDataSource.Create(cs))
        {
            var t = Release1Fixture.MadeAt;
            (Guid Id, string Target, string Office, string Status, DateTimeOffset At, bool Dead)[] requests =
            [
                (ids[0], DossierId("accepted-1"), "liege-a", "Suspended", t, false),
                (ids[1], DossierId("accepted-1"), "liege-a", "Departed", t.AddHours(2), false),
                (ids[2], DossierId("accepted-2"), "liege-a", "Departed", t.AddHours(1), false),
                (ids[3], DossierId("assigned-namur"), "namur-a", "Suspended", t, true),
                (ids[4], DossierId("accepted-2"), "liege-a", "Suspended", t.AddMinutes(5), false),
            ];
            foreach (var q in requests)
            {
                await using var cmd = db.CreateCommand("""
                    INSERT INTO outbox (id, target_type, target_id, message_type, payload, sender_type, sender_id, sent_at, next_attempt_at, dead)
                    VALUES ($1, 'dossier', $2, 'dossier.reassignment-requested', jsonb_build_object('officeId', $3::text, 'officeStatus', $4::text), 'bailiff', $3, $5, $5, $6)
                    """);
                cmd.Parameters.AddWithValue(q.Id);
                cmd.Parameters.AddWithValue(q.Target);
                cmd.Parameters.AddWithValue(q.Office);
                cmd.Parameters.AddWithValue(q.Status);
                cmd.Parameters.AddWithValue(q.At);
                cmd.Parameters.AddWithValue(q.Dead);
                await cmd.ExecuteNonQueryAsync(Ct);
            }
        }
        await Release1Fixture.MigrateAsync(cs, Ct);

        await using var migrated = NpgsqlDataSource.Create(cs);
        var rows = await NewGrain.ReadAsync(migrated, "p4orleans", Ct);
        var expected = JsonNode.Parse($$"""
            [{"messageId": "{{ids[0]}}", "officeStatus": "Suspended"}, {"messageId": "{{ids[2]}}", "officeStatus": "Departed"}]
            """);
        Assert.True(JsonNode.DeepEquals(expected, rows[("bailiff", "liege-a")].Payload["outbox"]), rows[("bailiff", "liege-a")].Payload["outbox"]!.ToJsonString());
        Assert.Equal("[]", rows[("bailiff", "namur-a")].Payload["outbox"]!.ToJsonString());
        Assert.Single(rows[("bailiff", "liege-b")].Payload["outbox"]!.AsArray());
    }

    [Fact]
    public async Task a_migration_that_fails_leaves_release_1_as_it_was_and_runs_again_once_the_cause_is_gone()
    {
        var cs = await Release1Fixture.RestoreAsync("r1fail", Ct);
        var id = DossierId("served");
        await ExecAsync(cs, $"INSERT INTO orleans_grain_state (service_id, state_name, grain_key, version, payload) VALUES ('p4orleans', 'dossier', '{id}', 1, '{{}}')");
        var before = await Release1Snapshot.ReadAsync(cs, Ct);

        var error = await Assert.ThrowsAsync<PostgresException>(() => Release1Fixture.MigrateAsync(cs, Ct));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        var after = await Release1Snapshot.ReadAsync(cs, Ct);
        Assert.Equal(before.Grains.Count, after.Grains.Count);
        Assert.Equal(before.Journal.Count, after.Journal.Count);
        Assert.Equal(before.Reminders.Count, after.Reminders.Count);
        Assert.Equal(before.Outbox.Count, after.Outbox.Count);
        await using (var db = NpgsqlDataSource.Create(cs))
        {
            await using var cmd = db.CreateCommand("SELECT (SELECT max(number) FROM schema_migrations), (SELECT count(*) FROM journal), (SELECT count(*) FROM orleans_grain_state)");
            await using var r = await cmd.ExecuteReaderAsync(Ct);
            await r.ReadAsync(Ct);
            Assert.Equal((7, 0L, 1L), (r.GetInt32(0), r.GetInt64(1), r.GetInt64(2)));
        }

        await ExecAsync(cs, "DELETE FROM orleans_grain_state");
        var report = await Release1Fixture.MigrateAsync(cs, Ct);
        Assert.Equal(Migrator.All.Where(a => a.Number >= 8).Select(a => a.Number), report.Applied.Select(a => a.Number));
        await using var done = NpgsqlDataSource.Create(cs);
        Assert.Equal(before.Grains.Count, (await NewGrain.ReadAsync(done, "p4orleans", Ct)).Count);
    }

    private static async Task ExecAsync(string cs, string sql)
    {
        await using var db = NpgsqlDataSource.Create(cs);
        await using var cmd = db.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync(Ct);
    }
}
