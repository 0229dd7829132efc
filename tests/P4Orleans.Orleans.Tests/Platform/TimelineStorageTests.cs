using System.Text.Json.Nodes;
using P4Orleans.Contracts;

namespace P4Orleans.Orleans.Tests.Platform;

/// <summary>
/// The timeline lives beside the dossier's state, not in it: each write appends its turn's entries to the
/// timeline table in the statement that writes the state, the stored row holds only their count, and every
/// view that shows a timeline reads it back whole and in order.
/// </summary>
public sealed class TimelineStorageTests(OnePlatformSilo cluster) : IClassFixture<OnePlatformSilo>
{
    private const string Office = "office-tl";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task every_command_appends_its_timeline_entries_beside_the_state_and_the_stored_row_holds_none_of_them()
    {
        var id = await cluster.SubmitAsync("ONSS-TL-1");
        var grain = cluster.Grains.GetGrain<IDossierGrain>(id);
        await grain.AssignAsync(Office, "test");
        await grain.AcceptAsync(Office);
        var seen = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            await grain.RecordPaymentAsync(null, new PaymentReport(100 + i, new DateOnly(2026, 3, 2), PaymentSource.Onss, $"P-TL-{i}"));
            var row = await cluster.RowAsync("dossier", id);
            var payload = JsonNode.Parse(row!.Value.Payload)!.AsObject();
            Assert.False(payload.ContainsKey("timeline"));
            Assert.False(payload.ContainsKey("pendingTimeline"));
            Assert.False(payload.ContainsKey("pendingJournal"));
            var count = await CountAsync(id);
            Assert.Equal(count, (long)payload["timelineSeq"]!);
            seen.Add(count);
        }

        // The rows are numbered 1..n without a gap, and the view shows exactly them, in that order.
        Assert.Equal(seen, seen.Order());
        var view = await grain.GetAsync();
        Assert.Equal(seen[^1], view.Timeline.Count);
        Assert.Equal(seen[^1] * (seen[^1] + 1) / 2, await cluster.CountAsync(
            "SELECT sum(seq) FROM timeline WHERE service_id = $1 AND grain_key = $2", cluster.ServiceId, id));
        Assert.Equal(JournalKinds.Submitted, view.Timeline[0].Kind);
        Assert.Single(view.Timeline, t => t.Kind == nameof(DossierCommand.Accept));
        Assert.Equal(5, view.Timeline.Count(t => t.Kind == nameof(DossierCommand.RecordPayment)));
        Assert.Contains(view.Timeline, t => t.Kind == JournalKinds.DeadlineSet && t.Deadline is { French.Length: > 0, Dutch.Length: > 0 });
    }

    [Fact]
    public async Task the_office_and_onss_views_read_the_stored_timeline_of_a_dossier_activated_afresh()
    {
        var id = await cluster.SubmitAsync("ONSS-TL-2");
        var grain = cluster.Grains.GetGrain<IDossierGrain>(id);
        await grain.AssignAsync(Office, "test");
        await grain.AcceptAsync(Office);
        var before = await grain.GetForOfficeAsync(Office);
        var onss = await grain.GetForOnssAsync();
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, Ct);

        var office = await grain.GetForOfficeAsync(Office);
        Assert.Equal(before.Timeline, office.Timeline);
        Assert.Contains(office.Timeline, t => t.Detail == $"assigned to office {Office}");
        Assert.Equal(onss.Timeline, (await grain.GetForOnssAsync()).Timeline);
        Assert.NotEmpty(onss.Timeline);
    }

    private Task<long> CountAsync(string id) =>
        cluster.CountAsync("SELECT count(*) FROM timeline WHERE service_id = $1 AND grain_key = $2", cluster.ServiceId, id);
}
