using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using P4Orleans.Contracts;
using P4Orleans.Domain.Orleans;
using P4Orleans.Recovery.Deadlines;
using P4Orleans.Testing;

namespace P4Orleans.Orleans.Tests.Platform;

/// <summary>Deadlines after a full outage: the silos' catch-up applies them once the first silo starts.</summary>
public sealed class DeadlineOutageTests(OnePlatformSilo cluster) : IClassFixture<OnePlatformSilo>
{
    [Fact]
    public async Task a_deadline_passed_while_every_silo_was_down_is_applied_within_the_catch_up_period_of_the_first_silo_to_start()
    {
        var id = await cluster.SubmitAsync("ONSS-DL-OUT-1");
        await cluster.Grains.GetGrain<IDossierGrain>(id).AssignAsync("office-dl", "test");
        var due = await Deadlines.NextDueAsync(cluster, id);
        Assert.Equal(0, await cluster.JournalCountAsync(id, JournalKinds.DeadlineReached));

        await cluster.Cluster.StopAllSilosAsync(TestContext.Current.CancellationToken);
        cluster.Clock.SetUtcNow(due.AddMinutes(1));
        var started = Stopwatch.StartNew();
        await cluster.Cluster.StartAdditionalSilosAsync(1, false, TestContext.Current.CancellationToken);
        var siloUp = started.Elapsed;
        await Eventually.ValueAsync(() => cluster.JournalCountAsync(id, JournalKinds.DeadlineReached), n => n >= 1, attempts: 1_200);
        var applied = started.Elapsed - siloUp;

        // The silo's catch-up runs at start: no client call, no Orleans reminder (its due time is days away on Orleans' clock).
        Assert.True(applied <= PlatformCluster.CatchUpPeriod + TimeSpan.FromSeconds(3), $"applied {applied.TotalMilliseconds:F0} ms after the silo started");
        Assert.Equal(1, await cluster.JournalCountAsync(id, JournalKinds.DeadlineReached));
        await cluster.Cluster.InitializeClientAsync(TestContext.Current.CancellationToken);
        var summary = await cluster.Grains.GetGrain<IDossierGrain>(id).GetSummaryAsync();
        Assert.NotEqual(DossierStatus.Assigned, summary.Status);
    }
}

/// <summary>A deadline never applies before it is due by the platform clock, whoever wakes the dossier.</summary>
public sealed class DeadlineTimingTests(OnePlatformSilo cluster) : IClassFixture<OnePlatformSilo>
{
    [Fact]
    public async Task a_wake_a_catch_up_or_an_orleans_reminder_before_the_due_instant_changes_nothing_and_the_deadline_applies_once_due()
    {
        var id = await cluster.SubmitAsync("ONSS-DL-EARLY-1");
        var grain = cluster.Grains.GetGrain<IDossierGrain>(id);
        await grain.AssignAsync("office-dl", "test");
        var due = await Deadlines.NextDueAsync(cluster, id);
        cluster.Clock.SetUtcNow(due.AddTicks(-TimeSpan.TicksPerSecond));
        var row = await cluster.RowAsync("dossier", id);
        var journal = await cluster.JournalCountAsync(id);

        Assert.Equal(0, await grain.WakeAsync());
        Assert.Equal(0, await cluster.FirstSilo.GetRequiredService<DeadlineCatchUp>().RunOnceAsync(TestContext.Current.CancellationToken));
        // Orleans' reminder runs on Orleans' clock: a tick delivered now, one second early by the platform's, is a no-op.
        await cluster.Grains.GetGrain<IRemindable>(GrainId.Create("dossier", id))
            .ReceiveReminder(DossierGrain.ReminderName, new TickStatus(DateTime.UtcNow, TimeSpan.FromMinutes(1), DateTime.UtcNow), TestContext.Current.CancellationToken);

        Assert.Equal(row, await cluster.RowAsync("dossier", id));
        Assert.Equal(journal, await cluster.JournalCountAsync(id));
        Assert.Equal(DossierStatus.Assigned, (await grain.GetSummaryAsync()).Status);

        cluster.Clock.SetUtcNow(due);
        // The silo's catch-up (every half second) may apply the deadline before this wake does: either way, once.
        await grain.WakeAsync();
        Assert.Equal(1, await cluster.JournalCountAsync(id, JournalKinds.DeadlineReached));
        Assert.Equal(0, await grain.WakeAsync());
        Assert.Equal(1, await cluster.JournalCountAsync(id, JournalKinds.DeadlineReached));
    }
}

/// <summary>Two silos catching up the same overdue dossiers at once apply each deadline once.</summary>
public sealed class DeadlineTwoSiloTests(TwoPlatformSilos cluster) : IClassFixture<TwoPlatformSilos>
{
    [Fact]
    public async Task two_silos_catching_up_the_same_overdue_dossiers_apply_each_deadline_once()
    {
        var ids = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var id = await cluster.SubmitAsync($"ONSS-DL-TWO-{i:D3}");
            await cluster.Grains.GetGrain<IDossierGrain>(id).AssignAsync("office-dl", "test");
            ids.Add(id);
        }
        var latest = DateTimeOffset.MinValue;
        foreach (var id in ids)
        {
            var due = await Deadlines.NextDueAsync(cluster, id);
            latest = due > latest ? due : latest;
        }

        cluster.Clock.SetUtcNow(latest.AddMinutes(1));
        var catchUps = cluster.Cluster.Silos.Select(s => PlatformCluster.ServicesOf(s).GetRequiredService<DeadlineCatchUp>()).ToList();
        Assert.Equal(2, catchUps.Count);
        var applied = await Task.WhenAll(catchUps.SelectMany(c => new[] { c.RunOnceAsync(TestContext.Current.CancellationToken), c.RunOnceAsync(TestContext.Current.CancellationToken) }));
        // The silos' own background rounds run meanwhile too; wait until every dossier has its deadline.
        await Eventually.ValueAsync(() => cluster.CountAsync("""
            SELECT count(DISTINCT grain_key) FROM journal WHERE service_id = $1 AND kind = 'deadline-reached'
            """, cluster.ServiceId), n => n == ids.Count, attempts: 1_200);

        var twice = await cluster.CountAsync("""
            SELECT count(*) FROM (SELECT grain_key, data ->> 'name' FROM journal WHERE service_id = $1 AND kind = 'deadline-reached'
                                  GROUP BY 1, 2 HAVING count(*) > 1) t
            """, cluster.ServiceId);
        Assert.Equal(0, twice);
        var total = await cluster.CountAsync("SELECT count(*) FROM journal WHERE service_id = $1 AND kind = 'deadline-reached'", cluster.ServiceId);
        Assert.True(applied.Sum() <= total, $"the catch-ups report {applied.Sum()} applied, the journal {total}");
    }
}

/// <summary>Reads of the dossier's earliest wake-up.</summary>
internal static class Deadlines
{
    public static async Task<DateTimeOffset> NextDueAsync(PlatformCluster cluster, string id)
    {
        await using var cmd = cluster.Database.CreateCommand(
            "SELECT next_due_at FROM orleans_grain_state WHERE service_id = $1 AND state_name = 'dossier' AND grain_key = $2");
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = cluster.ServiceId });
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = id });
        var value = await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        Assert.IsType<DateTime>(value);
        var due = new DateTimeOffset(DateTime.SpecifyKind((DateTime)value, DateTimeKind.Utc));
        Assert.True(due > cluster.Clock.GetUtcNow(), "the deadline must lie ahead for the test to mean anything");
        return due;
    }
}
