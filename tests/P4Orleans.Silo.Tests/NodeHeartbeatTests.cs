using P4Orleans.Testing;
using P4Orleans.Testing.Grains;

namespace P4Orleans.Silo.Tests;

public sealed class NodeHeartbeatTests(ClassDatabase database) : IClassFixture<ClassDatabase>
{
    [Fact]
    public async Task each_node_records_its_id_role_version_start_last_beat_and_work()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(database.ConnectionString, time, "beating-node",
            settings: new Dictionary<string, string?> { ["Silo:Role"] = "Silo" });
        await silo.Grains.GetGrain<ICounterGrain>("beat").AddAsync(1);
        await silo.BeatAsync();
        time.Advance(TimeSpan.FromSeconds(5));
        await silo.BeatAsync();

        await using var cmd = silo.Database.CreateCommand(
            "SELECT role, version, started_at, last_beat, in_flight, turns_total, pid FROM nodes WHERE node_id = 'beating-node'");
        await using var reader = await cmd.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Silo", reader.GetString(0));
        Assert.False(string.IsNullOrEmpty(reader.GetString(1)));
        Assert.Equal(TimeSpan.FromSeconds(5), reader.GetFieldValue<DateTimeOffset>(3) - reader.GetFieldValue<DateTimeOffset>(2));
        Assert.Equal(0, reader.GetInt32(4));
        Assert.Equal(1L, reader.GetInt64(5));
        Assert.Equal(Environment.ProcessId, reader.GetInt32(6));
    }
}
