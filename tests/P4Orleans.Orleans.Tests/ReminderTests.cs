using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using P4Orleans.Testing;

namespace P4Orleans.Orleans.Tests;

/// <summary>ADO.NET reminders on the project's table, through a real silo.</summary>
public sealed class ReminderTests(SingleSiloCluster cluster) : IClassFixture<SingleSiloCluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_reminder_with_a_short_period_fires_and_its_row_holds_grain_name_start_period_hash_and_version()
    {
        var grain = cluster.Cluster.GrainFactory.GetGrain<IReminderProbeGrain>("r-short");
        var before = DateTime.UtcNow;
        // Below Orleans' default minimum of one minute: allowed by ReminderOptions.MinimumReminderPeriod.
        await grain.StartAsync("deadline", TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500));

        var ticks = await Eventually.ValueAsync(() => grain.TicksAsync(), t => t >= 2);
        Assert.True(ticks >= 2);

        var grainId = grain.GetGrainId();
        await using var cmd = cluster.Database.CreateCommand(
            "SELECT grain_id, reminder_name, start_time, period_ms, grain_hash, version FROM orleans_reminders WHERE service_id = $1 AND grain_id = $2");
        cmd.Parameters.Add(new() { Value = cluster.ServiceId });
        cmd.Parameters.Add(new() { Value = grainId.ToString() });
        await using var row = await cmd.ExecuteReaderAsync(Ct);
        Assert.True(await row.ReadAsync(Ct));
        Assert.Equal(grainId.ToString(), row.GetString(0));
        Assert.StartsWith("reminderprobe/", row.GetString(0), StringComparison.Ordinal);
        Assert.Equal("deadline", row.GetString(1));
        var start = row.GetFieldValue<DateTime>(2);
        Assert.InRange(start, before.AddSeconds(-1), DateTime.UtcNow);
        Assert.Equal(500L, row.GetInt64(3));
        Assert.Equal(unchecked((int)grainId.GetUniformHashCode()), row.GetInt32(4));
        Assert.Equal(0, row.GetInt32(5));
        Assert.False(await row.ReadAsync(Ct));
    }

    [Fact]
    public async Task updating_a_reminder_moves_its_version_and_unregistering_it_deletes_the_row()
    {
        var grain = cluster.Cluster.GrainFactory.GetGrain<IReminderProbeGrain>("r-moved");
        await grain.StartAsync("retention", TimeSpan.FromMinutes(30), TimeSpan.FromHours(1));
        Assert.Equal((1, 0, 3_600_000L), await RowAsync(grain, "retention"));

        // A period above int.MaxValue milliseconds (the provider then binds a bigint).
        await grain.StartAsync("retention", TimeSpan.FromMinutes(30), TimeSpan.FromDays(30));
        Assert.Equal((1, 1, (long)TimeSpan.FromDays(30).TotalMilliseconds), await RowAsync(grain, "retention"));

        await grain.StopAsync("retention");
        Assert.Equal(0, (await RowAsync(grain, "retention")).Count);
    }

    [Theory]
    [InlineData(0x1000_0000u, 0x3000_0000u)]
    [InlineData(0xF000_0000u, 0x1000_0000u)]
    [InlineData(0x7000_0000u, 0x9000_0000u)]
    [InlineData(0x9000_0000u, 0x7000_0000u)]
    public async Task a_ring_range_returns_exactly_the_reminders_whose_hash_it_holds(uint begin, uint end)
    {
        // The silo's own reminder table (the ADO.NET one); rows far beyond the loading window, so the
        // silo never fires them, and removed at the end.
        var table = ((InProcessSiloHandle)cluster.Cluster.Silos[0]).SiloHost.Services.GetRequiredService<IReminderTable>();
        var type = "ring" + begin.ToString("x8", CultureInfo.InvariantCulture) + end.ToString("x8", CultureInfo.InvariantCulture);
        var grains = Enumerable.Range(0, 64).Select(i => GrainId.Create(type, "g" + i)).ToList();
        var etags = new Dictionary<GrainId, string>();
        foreach (var grain in grains)
        {
            etags[grain] = (await table.UpsertRow(new ReminderEntry
            {
                GrainId = grain, ReminderName = "r", StartAt = DateTime.UtcNow.AddDays(30), Period = TimeSpan.FromDays(1),
            }, Ct))!;
        }

        var found = (await table.ReadRows(begin, end, Ct)).Reminders.Select(r => r.GrainId).Where(g => g.Type.ToString() == type).ToHashSet();
        var expected = grains.Where(g => InRange(g.GetUniformHashCode(), begin, end)).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, found);

        foreach (var grain in grains)
        {
            Assert.True(await table.RemoveRow(grain, "r", etags[grain], Ct));
        }
        Assert.Empty((await table.ReadRows(grains[0], Ct)).Reminders);
    }

    // The ring's range (begin, end], wrapping past the largest hash when begin >= end (unsigned).
    private static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private async Task<(int Count, int Version, long PeriodMs)> RowAsync(IReminderProbeGrain grain, string name)
    {
        await using var cmd = cluster.Database.CreateCommand(
            "SELECT count(*) OVER (), version, period_ms FROM orleans_reminders WHERE service_id = $1 AND grain_id = $2 AND reminder_name = $3");
        cmd.Parameters.Add(new() { Value = cluster.ServiceId });
        cmd.Parameters.Add(new() { Value = grain.GetGrainId().ToString() });
        cmd.Parameters.Add(new() { Value = name });
        await using var row = await cmd.ExecuteReaderAsync(Ct);
        return await row.ReadAsync(Ct) ? ((int)row.GetInt64(0), row.GetInt32(1), row.GetInt64(2)) : (0, -1, 0);
    }
}
