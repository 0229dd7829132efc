using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using P4Orleans.Api.Audit;
using P4Orleans.Silo.Database;

namespace P4Orleans.Api.Tests.Migration;

// Release 1's database (the home-made grain host) migrated into the Orleans shape, checked row by row in SQL.
public sealed class Release1MigrationTests(MigratedRelease1Database m) : IClassFixture<MigratedRelease1Database>
{
    private static readonly string[] DossierAdditions = ["wakeUps", "nextDueAt", "nextDeadline", "journalSeq", "pendingJournal", "appliedMessages", "timelineSeq"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task the_fixture_is_a_database_of_release_1_with_dossiers_in_every_state()
    {
        Assert.Equal(Migrator.All.Where(a => a.Number >= 7).Select(a => a.Number), m.Report.Applied.Select(a => a.Number));
        Assert.Equal(6, m.Report.AlreadyApplied);
        var statuses = m.Before.Grains.Where(g => g.Type == "dossier").Select(g => g.Status).ToHashSet();
        Assert.Superset(new HashSet<string?> { "AwaitingDispatch", "NeedsManualDecision", "Assigned", "Accepted", "Served", "Executable", "Seizure",
            "Opposed", "PaymentPlan", "Paid", "Closed", "Purged", "Irrecoverable", "Withdrawn" }, statuses);
        Assert.Equal(3, m.Before.Grains.Count(g => g.Type == "bailiff"));
        Assert.Contains(m.Before.Reminders, r => r.DueAt <= Release1Fixture.MadeAt);
        Assert.Contains(m.Before.Reminders, r => r.DueAt > Release1Fixture.MadeAt);
        Assert.Contains(m.Before.Outbox, o => o.MessageType == "dossier.reassignment-requested");
        Assert.Contains(m.Before.Outbox, o => o.MessageType.StartsWith("bailiff.", StringComparison.Ordinal));
        Assert.Equal(m.Before.Grains.Count, (await New()).Count);
    }

    [Fact]
    public async Task every_dossier_and_office_of_release_1_is_under_its_key_with_its_version_and_its_last_change()
    {
        var rows = await New();
        Assert.Equal(m.Before.Grains.Select(g => (g.Type, g.Id)).Order(), rows.Keys.Order());
        foreach (var old in m.Before.Grains)
        {
            var row = rows[(old.Type, old.Id)];
            Assert.Equal(old.Version, row.Version);
            Assert.Equal(old.UpdatedAt, row.ModifiedAt);
        }
    }

    [Fact]
    public async Task a_dossier_payload_is_its_old_state_plus_its_wake_ups_next_deadline_and_journal_length()
    {
        var rows = await New();
        foreach (var old in m.Before.Grains.Where(g => g.Type == "dossier"))
        {
            var payload = rows[(old.Type, old.Id)].Payload;
            var rest = payload.DeepClone().AsObject();
            foreach (var added in DossierAdditions)
            {
                Assert.True(rest.Remove(added), $"{old.Id} has no {added}");
            }
            // The balance release 1 kept in its indexed column only, for the generated column.
            Assert.Equal(old.Amount, (long?)rest["balanceCents"]);
            Assert.True(rest.Remove("balanceCents"));
            // The timeline moved out of the state, to the timeline table (TimelineMigrationTests checks it entry by entry).
            var oldState = old.State.DeepClone().AsObject();
            Assert.Equal(oldState["timeline"]?.AsArray().Count ?? 0, (long)payload["timelineSeq"]!);
            oldState.Remove("timeline");
            // The key dates' reasons moved out of the state, to key_date_texts (KeyDateTextMigrationTests checks them word for word).
            foreach (var (_, date) in oldState["keyDates"]?.AsObject() ?? [])
            {
                date!.AsObject().Remove("french");
                date.AsObject().Remove("dutch");
            }
            Assert.True(JsonNode.DeepEquals(oldState, rest), $"{old.Id}: the old state changed");
            Assert.Equal(m.Before.Journal.Count(j => j.Type == "dossier" && j.Id == old.Id), (long)payload["journalSeq"]!);
            Assert.Equal("[]", payload["pendingJournal"]!.ToJsonString());
            Assert.Equal("[]", payload["appliedMessages"]!.ToJsonString());
            Assert.Equal(old.Date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), (string?)payload["nextDeadline"]);
        }
    }

    [Fact]
    public async Task wake_ups_and_next_due_at_are_the_old_pending_reminders_written_as_system_text_json_writes_instants()
    {
        var rows = await New();
        foreach (var old in m.Before.Grains.Where(g => g.Type == "dossier"))
        {
            var row = rows[(old.Type, old.Id)];
            var reminders = m.Before.Reminders.Where(r => r.Type == "dossier" && r.Id == old.Id).ToList();
            var expected = new JsonObject(reminders.OrderBy(r => r.Name, StringComparer.Ordinal)
                .Select(r => KeyValuePair.Create(r.Name, (JsonNode?)SystemTextJson(r.DueAt))));
            Assert.True(JsonNode.DeepEquals(expected, row.Payload["wakeUps"]), $"{old.Id}: {row.Payload["wakeUps"]!.ToJsonString()}");
            var earliest = reminders.Count == 0 ? (DateTimeOffset?)null : reminders.Min(r => r.DueAt);
            Assert.Equal(earliest is null ? null : SystemTextJson(earliest.Value), (string?)row.Payload["nextDueAt"]);
            Assert.Equal(earliest, row.NextDueAt);
        }

        // The catch-up's query finds the one dossier whose deadline passed while release 1 was stopped.
        await using var cmd = m.Db.CreateCommand(
            "SELECT grain_key FROM orleans_grain_state WHERE service_id = $1 AND state_name = 'dossier' AND next_due_at <= $2");
        cmd.Parameters.AddWithValue(MigratedRelease1Database.ServiceId);
        cmd.Parameters.AddWithValue(Release1Fixture.MadeAt);
        Assert.Equal((string)Release1Fixture.Manifest["dossiers"]!["served-overdue"]!, (string?)await cmd.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task the_generated_columns_equal_the_indexed_columns_of_release_1()
    {
        var rows = await New();
        foreach (var old in m.Before.Grains.Where(g => g.Type == "dossier"))
        {
            var row = rows[(old.Type, old.Id)];
            Assert.Equal((old.Id, old.Status, old.Owner, old.Group, old.Amount, old.Date), (old.Id, row.Status, row.OfficeId, row.Arrondissement, row.Balance, row.NextDeadline));
        }
    }

    [Fact]
    public async Task an_office_payload_is_its_old_state_without_its_load_bookkeeping_plus_its_outbox_and_journal_length()
    {
        var rows = await New();
        foreach (var old in m.Before.Grains.Where(g => g.Type == "bailiff"))
        {
            var payload = rows[(old.Type, old.Id)].Payload;
            // Its history, then the entry that keeps release 1's performance counters.
            Assert.Equal(m.Before.Journal.Count(j => j.Type == "bailiff" && j.Id == old.Id) + 1, (long)payload["journalSeq"]!);
            Assert.Equal(JsonValueKind.Array, payload["outbox"]!.GetValueKind());
            var rest = payload.DeepClone().AsObject();
            rest.Remove("journalSeq");
            rest.Remove("outbox");
            var expected = old.State.DeepClone().AsObject();
            Assert.True(expected.Remove("open") && expected.Remove("released") && expected.Remove("load"));
            Assert.True(JsonNode.DeepEquals(expected, rest), $"{old.Id}: {rest.ToJsonString()}");
        }
    }

    [Fact]
    public async Task the_pending_reassignment_requests_of_an_office_become_its_outbox_and_messages_to_offices_are_dropped()
    {
        var rows = await New();
        var requests = m.Before.Outbox.Where(o => o.MessageType == "dossier.reassignment-requested").ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal("liege-b", (string?)r.Payload["officeId"]));
        var first = requests.OrderBy(r => r.SentAt).ThenBy(r => r.Id).First();
        var expected = JsonNode.Parse($$"""[{"messageId": "{{first.Id}}", "officeStatus": "Suspended"}]""");
        Assert.True(JsonNode.DeepEquals(expected, rows[("bailiff", "liege-b")].Payload["outbox"]), rows[("bailiff", "liege-b")].Payload["outbox"]!.ToJsonString());
        Assert.Equal("[]", rows[("bailiff", "liege-a")].Payload["outbox"]!.ToJsonString());
        Assert.Equal("[]", rows[("bailiff", "namur-a")].Payload["outbox"]!.ToJsonString());

        // The acceptance release 1 had not yet told its office is nowhere: the office's load is a count now.
        var accepted = Assert.Single(m.Before.Outbox, o => o.MessageType == "bailiff.dossier-accepted");
        await using var cmd = m.Db.CreateCommand("SELECT count(*) FROM orleans_grain_state WHERE payload::text LIKE '%' || $1 || '%'");
        cmd.Parameters.AddWithValue(accepted.Id.ToString());
        Assert.Equal(0L, (long)(await cmd.ExecuteScalarAsync(Ct))!);
    }

    [Fact]
    public async Task the_journal_moved_in_order_numbered_from_one_for_each_grain()
    {
        var moved = new List<(string Type, string Key, long Seq, DateTimeOffset At, string Kind, string? Data, string? Office)>();
        await using (var cmd = m.Db.CreateCommand(
            "SELECT grain_type, grain_key, seq, at, kind, data::text, office_id FROM journal WHERE service_id = $1 ORDER BY grain_type, grain_key, seq"))
        {
            cmd.Parameters.AddWithValue(MigratedRelease1Database.ServiceId);
            await using var r = await cmd.ExecuteReaderAsync(Ct);
            while (await r.ReadAsync(Ct))
            {
                moved.Add((r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetFieldValue<DateTimeOffset>(3), r.GetString(4),
                    r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6)));
            }
        }
        var offices = m.Before.Grains.Where(g => g.Type == "bailiff").ToList();
        Assert.Equal(m.Before.Journal.Count + offices.Count, moved.Count);
        foreach (var grain in m.Before.Journal.GroupBy(j => (j.Type, j.Id)))
        {
            var expected = grain.OrderBy(j => j.Seq).Select((j, i) => (j.Type, j.Id, (long)i + 1, j.At, j.Kind, j.Data)).ToList();
            var actual = moved.Where(x => x.Type == grain.Key.Type && x.Key == grain.Key.Id && x.Kind != "release-1-performance")
                .Select(x => (x.Type, x.Key, x.Seq, x.At, x.Kind, x.Data)).ToList();
            Assert.Equal(expected, actual);
        }

        // Each office's journal ends with release 1's performance counters, as its state held them.
        foreach (var office in offices)
        {
            var last = moved.Last(x => x.Type == "bailiff" && x.Key == office.Id);
            Assert.Equal(("release-1-performance", (long)m.Before.Journal.Count(j => j.Type == "bailiff" && j.Id == office.Id) + 1), (last.Kind, last.Seq));
            var data = JsonNode.Parse(last.Data!)!;
            Assert.Equal(office.Id, (string?)data["officeId"]);
            foreach (var counter in new[] { "assigned", "accepted", "refused", "missedAcceptanceDeadlines", "served", "totalDaysToService" })
            {
                Assert.Equal((long)office.State[counter]!, (long)data[counter]!);
            }

            Assert.Equal(moved.Count(x => x.Type == "dossier" && x.Kind == "dispatched" && x.Office == office.Id), (long)data["dispatchedInJournal"]!);
        }
        Assert.Contains(offices, o => (long)o.State["accepted"]! > 0 && (long)o.State["served"]! > 0);
        Assert.All(moved, x => Assert.Equal(x.Data is null ? null : (string?)JsonNode.Parse(x.Data)?["officeId"], x.Office));
        Assert.Contains(moved, x => x.Office is not null);
    }

    [Fact]
    public async Task the_tables_of_the_home_made_host_are_gone()
    {
        await using var cmd = m.Db.CreateCommand(
            "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ANY($1)");
        cmd.Parameters.AddWithValue(new[] { "grain_state", "grain_journal", "reminders", "outbox", "inbox", "nodes" });
        Assert.Null(await cmd.ExecuteScalarAsync(Ct) as string);
        await using var temp = m.Db.CreateCommand("SELECT count(*) FROM pg_proc WHERE proname = 'p4_json_instant'");
        Assert.Equal(0L, (long)(await temp.ExecuteScalarAsync(Ct))!);
    }

    [Fact]
    public async Task users_audit_documents_keys_and_intake_are_as_release_1_left_them()
    {
        foreach (var table in Release1Snapshot.UntouchedTables)
        {
            Assert.Equal(m.Before.Fingerprints[table], await Release1Snapshot.FingerprintAsync(m.Db, table, Ct, m.Before.Columns[table]));
        }
        Assert.NotEqual("0:", m.Before.Fingerprints["intake_job_lines"]);
        Assert.NotEqual("0:", m.Before.Fingerprints["documents"]);
    }

    [Fact]
    public async Task the_audit_chain_of_release_1_still_verifies()
    {
        var verdict = await new AuditVerifier(m.Db).VerifyAsync(Ct);
        Assert.True(verdict.Intact, verdict.Problem);
        Assert.True(verdict.EntriesChecked > 100, $"{verdict.EntriesChecked} entries");
        Assert.Equal(verdict.HeadSeq, verdict.EntriesChecked);
    }

    [Fact]
    public async Task running_the_migrator_again_changes_nothing()
    {
        string[] tables = ["orleans_grain_state", "journal", "schema_migrations", .. Release1Snapshot.UntouchedTables];
        var before = new List<string>();
        foreach (var t in tables)
        {
            before.Add(await Release1Snapshot.FingerprintAsync(m.Db, t, Ct));
        }
        var again = await Release1Fixture.MigrateAsync(m.ConnectionString, Ct);
        Assert.Empty(again.Applied);
        var after = new List<string>();
        foreach (var t in tables)
        {
            after.Add(await Release1Snapshot.FingerprintAsync(m.Db, t, Ct));
        }
        Assert.Equal(before, after);
    }

    /// <summary>The text System.Text.Json writes for the instant (at offset zero, as the grains hold it).</summary>
    public static string SystemTextJson(DateTimeOffset instant) => JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(instant.ToUniversalTime()))!;

    private async Task<Dictionary<(string, string), NewGrain>> New() => await NewGrain.ReadAsync(m.Db, MigratedRelease1Database.ServiceId, Ct);
}

/// <summary>A row of orleans_grain_state with its generated columns.</summary>
public sealed record NewGrain(string StateName, string Key, long Version, JsonObject Payload, DateTimeOffset ModifiedAt, string? Status, string? OfficeId,
    string? Arrondissement, long? Balance, DateOnly? NextDeadline, DateTimeOffset? NextDueAt)
{
    public static async Task<Dictionary<(string, string), NewGrain>> ReadAsync(NpgsqlDataSource db, string serviceId, CancellationToken ct)
    {
        var rows = new Dictionary<(string, string), NewGrain>();
        await using var cmd = db.CreateCommand("""
            SELECT state_name, grain_key, version, payload::text, modified_at, status, office_id, arrondissement_id, balance_cents, next_deadline, next_due_at
            FROM orleans_grain_state WHERE service_id = $1
            """);
        cmd.Parameters.AddWithValue(serviceId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            rows[(r.GetString(0), r.GetString(1))] = new NewGrain(r.GetString(0), r.GetString(1), r.GetInt64(2), JsonNode.Parse(r.GetString(3))!.AsObject(),
                r.GetFieldValue<DateTimeOffset>(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6),
                r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetInt64(8), r.IsDBNull(9) ? null : r.GetFieldValue<DateOnly>(9),
                r.IsDBNull(10) ? null : r.GetFieldValue<DateTimeOffset>(10));
        }
        return rows;
    }
}
