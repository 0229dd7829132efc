using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using P4Orleans.Contracts;
using P4Orleans.Law;

namespace P4Orleans.Orleans.Tests.Platform;

/// <summary>
/// The ledger's entries live beside the dossier's state, not in it: each write appends its turn's charges and payments
/// to <c>ledger_entries</c> in the statement that writes the state, the stored row holds only the totals, so that it does
/// not grow with the payments; every view and every command that looks back at the ledger reads the entries whole and in
/// order, also after a rebuild and for a row written in the earlier form.
/// </summary>
public sealed class LedgerStorageTests(OnePlatformSilo cluster) : IClassFixture<OnePlatformSilo>
{
    private const string Office = "office-lg";
    private static readonly DateOnly Today = new(2026, 3, 2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task payments_go_to_the_ledger_table_and_the_stored_row_keeps_the_same_size_whatever_their_number()
    {
        var (id, grain) = await ServedAsync("ONSS-LG-1");
        var sizes = new List<int>();
        for (var i = 0; i < 30; i++)
        {
            await grain.RecordPaymentAsync(null, new PaymentReport(100, Today, PaymentSource.Onss, $"P-{i}"));
            var (payload, length) = await PayloadAsync(id);
            Assert.False(payload["ledger"]!.AsObject().ContainsKey("entries"));
            Assert.Equal(await RowsAsync(id), (long)payload["ledger"]!["totals"]!["lastSeq"]!);
            sizes.Add(length);
        }

        // Two title charges, the service and the file fee, thirty payments: numbered 1..34 without a gap.
        Assert.Equal(34, await RowsAsync(id));
        Assert.Equal(34 * 35 / 2, await cluster.CountAsync(
            "SELECT sum(seq) FROM ledger_entries WHERE service_id = $1 AND grain_key = $2", cluster.ServiceId, id));
        Assert.True(sizes[^1] - sizes[4] < 16, $"the stored row grew from {sizes[4]} to {sizes[^1]} bytes with 25 more payments");

        // The view shows every entry in order, read back by an activation that holds none of them.
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, Ct);
        var view = await grain.GetAsync();
        Assert.Equal(34, view.Amounts.Entries.Count);
        Assert.Equal([.. Enumerable.Range(0, 30).Select(i => $"Onss:P-{i}")], view.Amounts.Entries.Skip(4).Select(e => e.Reference));
        Assert.Equal(3_000, view.Amounts.PaidCents);
        Assert.Equal(view.Amounts.ChargedCents, view.Amounts.Entries.Where(e => e.Kind == LedgerEntryKind.Charge).Sum(e => e.AmountCents));
        Assert.Equal(Json(view.Amounts.Entries), Json((await grain.GetForOnssAsync()).Amounts.Entries));

        // A payment sent again (same reference, amount and date) is found among the stored entries and ignored.
        await grain.RecordPaymentAsync(null, new PaymentReport(100, Today, PaymentSource.Onss, "P-3"));
        Assert.Equal(34, await RowsAsync(id));
        Assert.Equal(3_000, (await grain.GetAsync()).Amounts.PaidCents);
        Assert.Equal(1, await cluster.JournalCountAsync(id, JournalKinds.Ignored));

        Assert.Single(view.Amounts.Entries, e => e.Reference == "file-fee");
    }

    [Fact]
    public async Task a_reduced_claim_rebuilds_the_ledger_from_its_stored_entries_and_numbers_the_new_ones_after_them()
    {
        var (id, grain) = await ServedAsync("ONSS-LG-2");
        for (var i = 0; i < 3; i++)
        {
            await grain.RecordPaymentAsync(null, new PaymentReport(50_000, Today, PaymentSource.Onss, $"R-{i}"));
        }

        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, Ct);
        var before = await grain.GetAsync();
        Assert.Equal(7, before.Amounts.Entries.Count);
        await grain.ReportOppositionAsync(Office, new OppositionReport(OppositionKind.AdversarialPetition, Today, "Tribunal du travail de Liège"));
        await grain.RecordJudgmentAsync(new JudgmentReport(JudgmentOutcome.Reduced, Today, 200_000));

        var (payload, _) = await PayloadAsync(id);
        var totals = payload["ledger"]!["totals"]!;
        Assert.Equal(8, (long)totals["firstSeq"]!);
        var view = await grain.GetAsync();
        var entries = view.Amounts.Entries;
        Assert.Equal((long)totals["lastSeq"]! - 7, entries.Count);
        Assert.Equal(await RowsAsync(id), (long)totals["lastSeq"]!);

        // The title's charges come to the reduced claim, the bailiff's costs and the three payments are kept, in order.
        Assert.Equal(200_000, entries.Where(e => e.Kind == LedgerEntryKind.Charge && e.Component != DebtComponent.BailiffCosts).Sum(e => e.AmountCents));
        Assert.Equal(before.Amounts.Entries.Where(e => e.Component == DebtComponent.BailiffCosts).Select(e => e.AmountCents),
            entries.Where(e => e.Component == DebtComponent.BailiffCosts).Select(e => e.AmountCents));
        Assert.Equal(["Onss:R-0", "Onss:R-1", "Onss:R-2"], entries.Where(e => e.Kind == LedgerEntryKind.Payment).Select(e => e.Reference));
        Assert.Equal(150_000, view.Amounts.PaidCents);
        Assert.Equal(view.Amounts.ChargedCents - view.Amounts.PaidCents + view.Amounts.OverpaymentCents, view.Amounts.BalanceCents);

        // Read afresh, the same.
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, Ct);
        Assert.Equal(Json(entries), Json((await grain.GetAsync()).Amounts.Entries));
    }

    [Fact]
    public async Task a_row_whose_ledger_holds_its_entries_is_read_as_it_is_and_its_next_write_moves_them_out()
    {
        var (id, grain) = await ServedAsync("ONSS-LG-3");
        await grain.RecordPaymentAsync(null, new PaymentReport(1_000, Today, PaymentSource.Onss, "O-1"));
        var expected = (await grain.GetAsync()).Amounts;

        await ToEarlierFormAsync(id);
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, Ct);
        var read = (await grain.GetAsync()).Amounts;
        Assert.Equal(Json(expected.Entries), Json(read.Entries));
        Assert.Equal(expected.BalanceCents, read.BalanceCents);
        Assert.Equal(expected.PaidCents, read.PaidCents);

        // The next write appends them all, then its own, and stores the totals alone.
        await grain.RecordPaymentAsync(null, new PaymentReport(1_000, Today, PaymentSource.Onss, "O-2"));
        var (payload, _) = await PayloadAsync(id);
        Assert.False(payload["ledger"]!.AsObject().ContainsKey("entries"));
        Assert.Equal(expected.Entries.Count + 1, await RowsAsync(id));
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, Ct);
        var after = (await grain.GetAsync()).Amounts;
        Assert.Equal(Json([.. expected.Entries, after.Entries[^1]]), Json(after.Entries));
        Assert.Equal("Onss:O-2", after.Entries[^1].Reference);
        Assert.Equal(expected.PaidCents + 1_000, after.PaidCents);
    }

    [Fact]
    public async Task a_claim_reduced_on_a_row_of_the_earlier_form_stores_the_replaced_entries_as_history_before_the_rebuilt_ones()
    {
        var (id, grain) = await ServedAsync("ONSS-LG-5");
        await grain.RecordPaymentAsync(null, new PaymentReport(50_000, Today, PaymentSource.Onss, "H-1"));
        await grain.ReportOppositionAsync(Office, new OppositionReport(OppositionKind.AdversarialPetition, Today, "Tribunal du travail de Mons"));
        var before = (await grain.GetAsync()).Amounts.Entries;
        // The judgment is the first write since the row was read in the earlier form: the entries it replaces are held.
        await ToEarlierFormAsync(id);
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, Ct);
        await grain.RecordJudgmentAsync(new JudgmentReport(JudgmentOutcome.Reduced, Today, 200_000));

        // The replaced entries are stored as they were, numbered 1..n; the rebuilt ledger follows, and is what is shown.
        var (payload, _) = await PayloadAsync(id);
        var totals = payload["ledger"]!["totals"]!;
        Assert.Equal(before.Count + 1, (long)totals["firstSeq"]!);
        Assert.Equal((long)totals["lastSeq"]!, await RowsAsync(id));
        Assert.Equal(Json(before), await StoredJsonAsync(id, 1, before.Count));
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, Ct);
        var view = (await grain.GetAsync()).Amounts;
        Assert.Equal((long)totals["lastSeq"]! - before.Count, view.Entries.Count);
        Assert.Equal(200_000, view.Entries.Where(e => e.Kind == LedgerEntryKind.Charge && e.Component != DebtComponent.BailiffCosts).Sum(e => e.AmountCents));
        Assert.Equal(["Onss:H-1"], view.Entries.Where(e => e.Kind == LedgerEntryKind.Payment).Select(e => e.Reference));
        Assert.Equal(50_000, view.PaidCents);
    }

    [Fact]
    public async Task a_stored_ledger_whose_table_lost_entries_fails_the_view_rather_than_showing_a_ledger_with_lines_missing()
    {
        var (id, grain) = await ServedAsync("ONSS-LG-4");
        await cluster.CountAsync("WITH d AS (DELETE FROM ledger_entries WHERE service_id = $1 AND grain_key = $2 AND seq = 2 RETURNING 1) SELECT count(*) FROM d",
            cluster.ServiceId, id);
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, Ct);
        await Assert.ThrowsAnyAsync<Exception>(() => grain.GetAsync());
        Assert.Equal(DossierStatus.Served, (await grain.GetSummaryAsync()).Status);
    }

    private async Task<(string Id, IDossierGrain Grain)> ServedAsync(string reference)
    {
        var id = await cluster.SubmitAsync(reference);
        var grain = cluster.Grains.GetGrain<IDossierGrain>(id);
        await grain.AssignAsync(Office, "test");
        await grain.AcceptAsync(Office);
        await grain.ReportServiceAsync(Office, new ServiceReport(Today, ServiceMode.InPerson, "Sophie Lambert", "A-1"));
        return (id, grain);
    }

    // The earlier form: the ledger is its entries alone, none in the table.
    private async Task ToEarlierFormAsync(string id)
    {
        await using var cmd = cluster.Database.CreateCommand("""
            WITH e AS (DELETE FROM ledger_entries WHERE service_id = $1 AND grain_key = $2 RETURNING seq, entry)
            UPDATE orleans_grain_state SET payload = jsonb_set(payload, '{ledger}',
                jsonb_build_object('entries', (SELECT jsonb_agg(entry ORDER BY seq) FROM e)))
            WHERE service_id = $1 AND state_name = 'dossier' AND grain_key = $2
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync(Ct));
        Assert.Equal(0, await RowsAsync(id));
    }

    // The stored entries from..to, as one JSON array in their order.
    private async Task<string> StoredJsonAsync(string id, long from, long to)
    {
        await using var cmd = cluster.Database.CreateCommand("""
            SELECT entry::text FROM ledger_entries WHERE service_id = $1 AND grain_key = $2 AND seq BETWEEN $3 AND $4 ORDER BY seq
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = from });
        cmd.Parameters.Add(new NpgsqlParameter { Value = to });
        var entries = new List<LedgerEntry>();
        await using var r = await cmd.ExecuteReaderAsync(Ct);
        while (await r.ReadAsync(Ct))
        {
            entries.Add(JsonSerializer.Deserialize<LedgerEntry>(r.GetString(0), P4Orleans.Domain.Orleans.StateJson.Options)!);
        }

        return Json(entries);
    }

    private async Task<(JsonObject Payload, int Length)> PayloadAsync(string id)
    {
        var row = await cluster.RowAsync("dossier", id);
        return (JsonNode.Parse(row!.Value.Payload)!.AsObject(), row.Value.Payload.Length);
    }

    // Entries compared by their JSON: a record's list of allocations compares by reference.
    private static string Json(IReadOnlyList<LedgerEntry> entries) => JsonSerializer.Serialize(entries);

    private Task<long> RowsAsync(string id) =>
        cluster.CountAsync("SELECT count(*) FROM ledger_entries WHERE service_id = $1 AND grain_key = $2", cluster.ServiceId, id);
}
