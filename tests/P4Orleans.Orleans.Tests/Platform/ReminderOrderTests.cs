using Npgsql;
using P4Orleans.Contracts;
using P4Orleans.Domain.Orleans;

namespace P4Orleans.Orleans.Tests.Platform;

/// <summary>
/// A dossier's Orleans reminder is never later than its stored earliest deadline, whatever step a silo dies at: a
/// command that brings a deadline forward moves the reminder before its state is written, and one that moves it later
/// waits for the write. The storage here commits a write and then fails, as when the silo dies between the write and
/// what follows it. The silo's catch-up runs at start only: a round waking the dossier between two steps of a test
/// would lose the answer in the test's place, or move the reminder it checks.
/// </summary>
public sealed class ReminderOrderTests(OnePlatformSiloWithoutCatchUp cluster) : IClassFixture<OnePlatformSiloWithoutCatchUp>
{
    [Fact]
    public async Task a_command_committed_without_its_answer_already_has_its_earlier_deadline_armed()
    {
        var id = await cluster.SubmitAsync("ONSS-RO-EARLIER-1");
        var grain = cluster.Grains.GetGrain<IDossierGrain>(id);
        var before = await Deadlines.NextDueAsync(cluster, id);

        cluster.Storage.LoseNextAnswer(GrainId.Create(GrainTypes.Dossier, id));
        var requested = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<Exception>(() => grain.AssignAsync("office-ro", "test"));

        // The assignment is stored, with the 24-hour command deadline earlier than anything before it.
        var due = await Deadlines.NextDueAsync(cluster, id);
        Assert.True(due < before, $"the assignment must bring the earliest deadline forward ({before:O} to {due:O})");
        Assert.Equal(DossierStatus.Assigned, (await grain.GetSummaryAsync()).Status);

        // Orleans' reminder fires on Orleans' clock: the deadline's distance from the platform clock, from the request on.
        var fires = await ReminderStartAsync(id);
        var latest = requested + (due - cluster.Clock.GetUtcNow()) + TimeSpan.FromMinutes(1);
        Assert.True(fires <= latest, $"the reminder fires at {fires:O}, after the stored deadline ({latest:O} at the latest)");
    }

    [Fact]
    public async Task a_wake_committed_without_its_answer_leaves_a_reminder_that_fires_early_and_changes_nothing()
    {
        var id = await cluster.SubmitAsync("ONSS-RO-LATER-1");
        var grain = cluster.Grains.GetGrain<IDossierGrain>(id);
        await grain.AssignAsync("office-ro", "test");
        var due = await Deadlines.NextDueAsync(cluster, id);
        var armed = await ReminderStartAsync(id);

        cluster.Clock.SetUtcNow(due);
        cluster.Storage.LoseNextAnswer(GrainId.Create(GrainTypes.Dossier, id));
        await Assert.ThrowsAnyAsync<Exception>(() => grain.WakeAsync());
        Assert.Equal(1, await cluster.JournalCountAsync(id, JournalKinds.DeadlineReached));
        var next = await Deadlines.NextDueAsync(cluster, id);

        // The reminder was not moved past the stored state: it is where it was, and its tick applies nothing twice.
        Assert.Equal(armed, await ReminderStartAsync(id));
        var row = await cluster.RowAsync(GrainTypes.Dossier, id);
        await cluster.Grains.GetGrain<IRemindable>(GrainId.Create(GrainTypes.Dossier, id))
            .ReceiveReminder(DossierGrain.ReminderName, new TickStatus(DateTime.UtcNow, TimeSpan.FromMinutes(1), DateTime.UtcNow), TestContext.Current.CancellationToken);
        Assert.Equal(row, await cluster.RowAsync(GrainTypes.Dossier, id));
        Assert.Equal(1, await cluster.JournalCountAsync(id, JournalKinds.DeadlineReached));

        // That tick re-armed the reminder at the stored earliest deadline.
        var moved = await ReminderStartAsync(id);
        var expected = DateTime.UtcNow + (next - cluster.Clock.GetUtcNow());
        Assert.InRange(moved, expected - TimeSpan.FromMinutes(1), expected + TimeSpan.FromMinutes(1));
    }

    private async Task<DateTime> ReminderStartAsync(string id)
    {
        await using var cmd = cluster.Database.CreateCommand(
            "SELECT start_time FROM orleans_reminders WHERE service_id = $1 AND grain_id = $2 AND reminder_name = $3");
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = GrainId.Create(GrainTypes.Dossier, id).ToString() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = DossierGrain.ReminderName });
        var value = await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        Assert.IsType<DateTime>(value);
        return DateTime.SpecifyKind((DateTime)value, DateTimeKind.Utc);
    }
}
