using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using P4Orleans.Contracts;
using P4Orleans.Recovery.Hosting;
using P4Orleans.Recovery.Intake;
using P4Orleans.Recovery.Vault;
using static P4Orleans.Api.Tests.Dossiers.Scenario;

namespace P4Orleans.Api.Tests.Dossiers;

/// <summary>
/// Bulk intake copies each new dossier's rows straight into the storage's tables. A row already there for a dossier of
/// the file (a data key left by a failed turn, a date's reason, a dossier created meanwhile) is a unique key: that line
/// is found alone and left to its grain, and every other line of the chunk is still copied.
/// </summary>
public sealed class BulkIntakeDirectCopyTests : IAsyncLifetime
{
    private readonly Scenario _s = new();

    public ValueTask InitializeAsync() => _s.InitializeAsync();

    public ValueTask DisposeAsync() => _s.DisposeAsync();

    [Fact]
    public async Task rows_left_for_dossiers_of_the_file_send_those_lines_to_their_grains_and_the_rest_is_copied_in_the_storage_shape()
    {
        var onss = await _s.OnssAsync();
        var db = _s.Api.Services.GetRequiredService<NpgsqlDataSource>();
        // A key left by a failed turn (committed before the turn, as the vault does), and a stale reason of a date.
        var withKey = DossierIds.FromReference("ONSS-COPY-02");
        await _s.Api.Services.GetRequiredService<PersonalDataVault>().SealAsync(withKey, "left"u8.ToArray());
        var withText = DossierIds.FromReference("ONSS-COPY-05");
        await ExecAsync(db, "INSERT INTO key_date_texts (service_id, grain_type, grain_key, name, french, dutch) " +
            "VALUES ($1, 'dossier', $2, 'prescription', 'ancien', 'oud')", _s.Api.Services.GetRequiredService<PlatformClusterOptions>().ServiceId, withText);
        // A dossier of the file created before it, through its grain.
        await ExpectAsync(await onss.PostAsJsonAsync("/onss/dossiers", Contrainte("ONSS-COPY-07", Debtor.Default with { Niss = Niss(7) }, 100_007), Json, Ct),
            System.Net.HttpStatusCode.Created);

        var file = string.Join('\n', Enumerable.Range(1, 9)
            .Select(i => JsonSerializer.Serialize(Contrainte($"ONSS-COPY-{i:D2}", Debtor.Default with { Niss = Niss(i) }, 100_000 + i), Json))) + "\n";
        var (lines, _, _) = await BulkIntake.PostAsync(onss, BulkIntake.Ndjson(file));

        Assert.Equal(9, lines.Count);
        Assert.All(lines.Where(l => l.GetProperty("line").GetInt32() != 7), l => Assert.Equal("accepted", BulkIntake.Outcome(l)));
        Assert.Equal("duplicate", BulkIntake.Outcome(lines.Single(l => l.GetProperty("line").GetInt32() == 7)));
        for (var i = 1; i <= 9; i++)
        {
            // Every dossier answers with its personal data readable (sealed with the key in the table) and its balance.
            var view = await ViewAsync(onss, $"/onss/dossiers/{DossierIds.FromReference($"ONSS-COPY-{i:D2}")}");
            Assert.Equal(DossierStatus.AwaitingDispatch, view.Status);
            Assert.Equal(Niss(i), view.Debtor!.Identifier);
            Assert.True(view.Amounts.BalanceCents > 0 && view.Amounts.Entries.Count > 0);
        }

        // The rows are in the storage's shape: no pending list in the stored state, reasons and timeline beside it.
        await using var cmd = db.CreateCommand("""
            SELECT s.grain_key, s.payload::text,
                   (SELECT count(*) FROM timeline t WHERE t.grain_key = s.grain_key AND t.service_id = s.service_id),
                   (SELECT count(*) FROM key_date_texts k WHERE k.grain_key = s.grain_key AND k.service_id = s.service_id AND k.french <> 'ancien')
            FROM orleans_grain_state s WHERE s.state_name = 'dossier'
            """);
        var rows = 0;
        await using var r = await cmd.ExecuteReaderAsync(Ct);
        while (await r.ReadAsync(Ct))
        {
            rows++;
            var payload = JsonNode.Parse(r.GetString(1))!.AsObject();
            Assert.False(payload.ContainsKey("pendingTimeline"));
            Assert.False(payload.ContainsKey("pendingKeyDateTexts"));
            Assert.False(payload.ContainsKey("pendingJournal"));
            Assert.Equal(payload["timelineSeq"]!.GetValue<long>(), r.GetInt64(2));
            Assert.True(r.GetInt64(3) > 0, "each dossier has the reasons of its dates");
        }
        Assert.Equal(9, rows);
        await r.DisposeAsync();
        await using var stale = db.CreateCommand("SELECT count(*) FROM key_date_texts WHERE french = 'ancien'");
        Assert.Equal(0L, await stale.ExecuteScalarAsync(Ct));
    }

    private static async Task ExecAsync(NpgsqlDataSource db, string sql, params string[] values)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var value in values)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await cmd.ExecuteNonQueryAsync(Ct);
    }
}
