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
            "SELECT grain_id, reminder_name, start_time, period_ms, grain_hash, version FROM orleans_reminders WHERE service_id = $1");
        cmd.Parameters.Add(new() { Value = cluster.ServiceId });
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
