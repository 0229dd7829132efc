using P4Orleans.Testing;
using P4Orleans.Testing.Grains;

namespace P4Orleans.Silo.Tests;

// Each test has a database of its own: a poll would otherwise fire reminders left by the others.
public sealed class ReminderTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task a_one_shot_reminder_fires_once_after_its_due_time_with_due_and_actual_times()
    {
        var time = new ManualTimeProvider(Start);
        await using var silo = await TestSilo.StartAsync(await Fresh(), time);
        var alarm = silo.Grains.GetGrain<IAlarmGrain>("one-shot");
        var due = Start.AddMinutes(10);
        await alarm.SetAsync("wake", due);

        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, await silo.PollRemindersAsync());

        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(3));
        Assert.Equal(1, await silo.PollRemindersAsync());
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await silo.PollRemindersAsync());

        var firing = Assert.Single((await alarm.GetAsync()).Firings);
        Assert.Equal(due, firing.DueAt);
        Assert.Equal(due.AddSeconds(3), firing.FiredAt);
        Assert.Equal(3000, silo.Runtime.Metrics.LatenessPercentile(50));
    }

    [Fact]
    public async Task a_periodic_reminder_with_a_sub_second_period_fires_once_per_due_time()
    {
        var time = new ManualTimeProvider(Start);
        await using var silo = await TestSilo.StartAsync(await Fresh(), time);
        var alarm = silo.Grains.GetGrain<IAlarmGrain>("periodic");
        await alarm.SetAsync("tick", Start.AddMilliseconds(200), TimeSpan.FromMilliseconds(200));

        for (var i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(200));
            Assert.Equal(1, await silo.PollRemindersAsync());
        }
        var dues = (await alarm.GetAsync()).Firings.Select(f => f.DueAt).ToList();
        Assert.Equal(Enumerable.Range(1, 5).Select(i => Start.AddMilliseconds(200 * i)), dues);
    }

    [Fact]
    public async Task a_periodic_reminder_that_missed_several_periods_fires_once_then_keeps_its_cadence()
    {
        var time = new ManualTimeProvider(Start);
        await using var silo = await TestSilo.StartAsync(await Fresh(), time);
        var alarm = silo.Grains.GetGrain<IAlarmGrain>("missed");
        await alarm.SetAsync("tick", Start.AddMinutes(1), TimeSpan.FromMinutes(1));

        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(30));
        Assert.Equal(1, await silo.PollRemindersAsync());
        Assert.Equal(0, await silo.PollRemindersAsync());
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await silo.PollRemindersAsync());
        var firings = (await alarm.GetAsync()).Firings;
        Assert.Equal([Start.AddMinutes(1), Start.AddMinutes(6)], firings.Select(f => f.DueAt));
    }

    [Fact]
    public async Task a_reminder_updated_or_cancelled_inside_a_turn_fires_at_its_new_time_or_never()
    {
        var time = new ManualTimeProvider(Start);
        await using var silo = await TestSilo.StartAsync(await Fresh(), time);
        var alarm = silo.Grains.GetGrain<IAlarmGrain>("changed");
        await alarm.SetAsync("moved", Start.AddMinutes(1));
        await alarm.SetAsync("moved", Start.AddMinutes(30));
        await alarm.SetAsync("cancelled", Start.AddMinutes(1));
        await alarm.CancelAsync("cancelled");

        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, await silo.PollRemindersAsync());
        time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, await silo.PollRemindersAsync());

        var firing = Assert.Single((await alarm.GetAsync()).Firings);
        Assert.Equal(("moved", Start.AddMinutes(30)), (firing.Name, firing.DueAt));
    }

    [Fact]
    public async Task reminders_fire_exactly_once_with_two_nodes_polling_at_once()
    {
        var time = new ManualTimeProvider(Start);
        var db = await Fresh();
        await using var a = await TestSilo.StartAsync(db, time, "node-a", settings: Small());
        await using var b = await TestSilo.StartAsync(db, time, "node-b", settings: Small());
        const int count = 300;
        await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            a.Grains.GetGrain<IAlarmGrain>($"race-{i}").SetAsync("due", Start.AddSeconds(1 + (i % 7)))));

        time.Advance(TimeSpan.FromSeconds(10));
        var polls = await Task.WhenAll(a.PollRemindersAsync(), b.PollRemindersAsync(), a.PollRemindersAsync(), b.PollRemindersAsync());
        Assert.Equal(count, polls.Sum());

        var firings = await Task.WhenAll(Enumerable.Range(0, count).Select(i => a.Grains.GetGrain<IAlarmGrain>($"race-{i}").GetAsync()));
        Assert.All(firings, f => Assert.Single(f.Firings));
        Assert.Equal(count, a.Runtime.Metrics.RemindersFired + b.Runtime.Metrics.RemindersFired);
        Assert.True(a.Runtime.Metrics.RemindersFired > 0 && b.Runtime.Metrics.RemindersFired > 0, "both nodes took part");
        await using var left = a.Database.CreateCommand("SELECT count(*) FROM reminders WHERE grain_id LIKE 'race-%'");
        Assert.Equal(0L, await left.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task a_duplicate_delivery_of_a_reminder_is_absorbed()
    {
        var time = new ManualTimeProvider(Start);
        await using var silo = await TestSilo.StartAsync(await Fresh(), time);
        var alarm = silo.Grains.GetGrain<IAlarmGrain>("duplicate");
        await alarm.SetAsync("once", Start.AddMinutes(1));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await silo.PollRemindersAsync());

        // A node whose lease lapsed delivers the same firing again.
        await using (var cmd = silo.Database.CreateCommand(
            "INSERT INTO reminders (grain_type, grain_id, name, due_at) VALUES ('alarm', 'duplicate', 'once', $1)"))
        {
            cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = Start.AddMinutes(3) });
            await cmd.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        var runtime = silo.Runtime;
        await runtime.FireReminderAsync(new P4Orleans.Grains.GrainId("alarm", "duplicate"), "once", Start.AddMinutes(1));

        Assert.Single((await alarm.GetAsync()).Firings);
        Assert.Equal(1, runtime.Metrics.RemindersAbsorbed);
    }

    [Fact]
    public async Task a_reminder_that_fell_due_while_no_node_ran_fires_when_one_starts()
    {
        var time = new ManualTimeProvider(Start);
        var db = await Fresh();
        await using (var first = await TestSilo.StartAsync(db, time, "node-down"))
        {
            await first.Grains.GetGrain<IAlarmGrain>("offline").SetAsync("while-down", Start.AddMinutes(5));
        }
        time.Advance(TimeSpan.FromDays(2));

        // A fresh node with its background loops running: it polls at start.
        await using var next = await TestSilo.StartAsync(db, time, "node-up", runBackground: true);
        var alarm = next.Grains.GetGrain<IAlarmGrain>("offline");
        var firings = await Eventually.ValueAsync(async () => (await alarm.GetAsync()).Firings, f => f.Count == 1);
        Assert.Equal(Start.AddMinutes(5), firings[0].DueAt);
        Assert.Equal(Start.AddDays(2), firings[0].FiredAt);
        Assert.Equal("node-up", firings[0].Node);
    }

    [Fact]
    public async Task the_background_poller_fires_when_the_clock_moves_past_the_due_time()
    {
        var time = new ManualTimeProvider(Start);
        await using var silo = await TestSilo.StartAsync(await Fresh(), time, "node-bg", runBackground: true);
        var alarm = silo.Grains.GetGrain<IAlarmGrain>("background");
        await alarm.SetAsync("soon", Start.AddSeconds(30));
        Assert.Empty((await alarm.GetAsync()).Firings);

        // Move the clock in poll-sized steps until the poller has run past the due time.
        var firings = await Eventually.ValueAsync(async () =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return (await alarm.GetAsync()).Firings;
        }, f => f.Count == 1);
        Assert.True(firings[0].FiredAt >= Start.AddSeconds(30));
    }

    private static Task<string> Fresh() => TestPostgres.CreateDatabaseAsync("reminders");

    private static Dictionary<string, string?> Small() => new() { ["Silo:ClaimBatchSize"] = "25", ["Silo:DeliveryConcurrency"] = "8" };
}
