using System.Text.Json.Nodes;
using Npgsql;
using P4Orleans.Contracts;

namespace P4Orleans.Orleans.Tests.Platform;

/// <summary>
/// The reasons of a dossier's key dates (the engine's sentences in French and Dutch) are kept beside its state, not in
/// it: the write that sets a date keeps its reason in <c>key_date_texts</c>, the stored row and the activation hold the
/// dates alone, the views read the reasons back, and a timeline entry that ends a date set by an earlier turn gets its
/// reason from the stored one.
/// </summary>
public sealed class KeyDateTextStorageTests(OnePlatformSilo cluster) : IClassFixture<OnePlatformSilo>
{
    private const string Office = "office-kdt";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task the_stored_row_holds_no_reason_and_every_view_shows_the_reason_kept_beside_it_also_after_reactivation()
    {
        var id = await cluster.SubmitAsync("ONSS-KDT-1");
        var grain = cluster.Grains.GetGrain<IDossierGrain>(id);
        await grain.AssignAsync(Office, "test");
        await grain.AcceptAsync(Office);
        await grain.RecordPaymentAsync(null, new PaymentReport(100, new DateOnly(2026, 3, 2), PaymentSource.Onss, "P-KDT-1"));

        var payload = JsonNode.Parse((await cluster.RowAsync("dossier", id))!.Value.Payload)!.AsObject();
        Assert.False(payload.ContainsKey("pendingKeyDateTexts"));
        var stored = payload["keyDates"]!.AsObject();
        Assert.NotEmpty(stored);
        foreach (var (name, date) in stored)
        {
            Assert.False(date!.AsObject().ContainsKey("french"), name);
            Assert.False(date.AsObject().ContainsKey("dutch"), name);
        }

        var texts = await TextsAsync(id);
        var view = await grain.GetAsync();
        Assert.Equal(stored.Select(d => d.Key).Order(StringComparer.Ordinal), view.KeyDates.Select(k => k.Name).Order(StringComparer.Ordinal));
        foreach (var k in view.KeyDates)
        {
            Assert.True(texts.TryGetValue(k.Name, out var text), k.Name);
            Assert.Equal(text.French, k.French);
            Assert.Equal(text.Dutch, k.Dutch);
            Assert.NotEmpty(k.French);
            Assert.NotEmpty(k.Dutch);
        }

        var office = await grain.GetForOfficeAsync(Office);
        var onss = await grain.GetForOnssAsync();
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, Ct);
        Assert.Equal(view.KeyDates, (await grain.GetAsync()).KeyDates);
        Assert.Equal(office.KeyDates, (await grain.GetForOfficeAsync(Office)).KeyDates);
        Assert.Equal(onss.KeyDates, (await grain.GetForOnssAsync()).KeyDates);
    }

    [Fact]
    public async Task a_date_set_by_an_earlier_turn_and_cancelled_or_reached_later_has_its_reason_in_the_timeline()
    {
        // Cancelled: the acceptance ends the acceptance deadline that the assignment set, in another turn.
        var accepted = await cluster.SubmitAsync("ONSS-KDT-2");
        var grain = cluster.Grains.GetGrain<IDossierGrain>(accepted);
        await grain.AssignAsync(Office, "test");
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, Ct);
        await grain.AcceptAsync(Office);
        var timeline = (await grain.GetAsync()).Timeline;
        var set = Assert.Single(timeline, t => t.Kind == JournalKinds.DeadlineSet && t.Deadline?.Name == DossierReminders.AcceptanceDeadline).Deadline!;
        var cancelled = Assert.Single(timeline, t => t.Kind == JournalKinds.DeadlineCancelled && t.Deadline?.Name == DossierReminders.AcceptanceDeadline).Deadline!;
        Assert.NotEmpty(set.French);
        Assert.Equal(set.French, cancelled.French);
        Assert.Equal(set.Dutch, cancelled.Dutch);

        // Reached: the office never answers; the clock passes the deadline and the dossier wakes.
        var late = await cluster.SubmitAsync("ONSS-KDT-3");
        var idle = cluster.Grains.GetGrain<IDossierGrain>(late);
        await idle.AssignAsync(Office, "test");
        var due = (await idle.GetAsync()).KeyDates.Single(k => k.Name == DossierReminders.AcceptanceDeadline);
        cluster.Clock.SetUtcNow(due.DueAt.AddMinutes(1));
        await idle.WakeAsync();
        var entries = (await idle.GetAsync()).Timeline;
        var setLate = Assert.Single(entries, t => t.Kind == JournalKinds.DeadlineSet && t.Deadline?.Name == DossierReminders.AcceptanceDeadline).Deadline!;
        var reached = Assert.Single(entries, t => t.Kind == JournalKinds.DeadlineReached && t.Deadline?.Name == DossierReminders.AcceptanceDeadline).Deadline!;
        Assert.Equal(setLate.French, reached.French);
        Assert.Equal(setLate.Dutch, reached.Dutch);
        Assert.Equal(0, await cluster.CountAsync(
            "SELECT count(*) FROM timeline WHERE service_id = $1 AND grain_key = ANY($2) AND entry -> 'deadline' ->> 'french' IS NULL AND jsonb_typeof(entry -> 'deadline') = 'object'",
            cluster.ServiceId, new[] { accepted, late }));
    }

    private async Task<Dictionary<string, (string French, string Dutch)>> TextsAsync(string id)
    {
        await using var cmd = cluster.Database.CreateCommand(
            "SELECT name, french, dutch FROM key_date_texts WHERE service_id = $1 AND grain_type = 'dossier' AND grain_key = $2");
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        var texts = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        await using var r = await cmd.ExecuteReaderAsync(Ct);
        while (await r.ReadAsync(Ct))
        {
            texts[r.GetString(0)] = (r.GetString(1), r.GetString(2));
        }

        return texts;
    }
}
