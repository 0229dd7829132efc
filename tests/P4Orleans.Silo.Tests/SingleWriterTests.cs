using Npgsql;
using P4Orleans.Testing;
using P4Orleans.Testing.Grains;

namespace P4Orleans.Silo.Tests;

public sealed class SingleWriterTests(ClassDatabase database) : IClassFixture<ClassDatabase>
{
    [Fact]
    public async Task two_hundred_concurrent_calls_over_two_nodes_all_apply_in_one_serial_order()
    {
        await using var a = await TestSilo.StartAsync(database.ConnectionString, nodeId: "node-a");
        await using var b = await TestSilo.StartAsync(database.ConnectionString, nodeId: "node-b");

        var calls = Enumerable.Range(0, 200).Select(i =>
        {
            var silo = i % 2 == 0 ? a : b;
            return Task.Run(() => silo.Grains.GetGrain<ICounterGrain>("shared").AddAsync(1), TestContext.Current.CancellationToken);
        });
        var results = await Task.WhenAll(calls);

        // Each call saw the one before it: the returned values are exactly 1..200, each once.
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), results.Order());
        Assert.Equal(200, await a.Grains.GetGrain<ICounterGrain>("shared").GetAsync());
        Assert.Equal(200, await b.Grains.GetGrain<ICounterGrain>("shared").GetAsync());

        await using var cmd = a.Database.CreateCommand("SELECT version FROM grain_state WHERE grain_type = 'counter' AND grain_id = 'shared'");
        Assert.Equal(200L, await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task two_grain_types_with_the_same_key_never_collide()
    {
        await using var silo = await TestSilo.StartAsync(database.ConnectionString);
        await silo.Grains.GetGrain<ICounterGrain>("same-key").AddAsync(5);
        await silo.Grains.GetGrain<IOtherCounterGrain>("same-key").AddAsync(7);

        Assert.Equal(5, await silo.Grains.GetGrain<ICounterGrain>("same-key").GetAsync());
        Assert.Equal(8, await silo.Grains.GetGrain<IOtherCounterGrain>("same-key").AddAsync(1));
    }

    [Fact]
    public async Task versions_are_64_bit()
    {
        await using var silo = await TestSilo.StartAsync(database.ConnectionString);
        var grain = silo.Grains.GetGrain<ICounterGrain>("big-version");
        await grain.AddAsync(1);
        const long big = (long)int.MaxValue * 4;
        await using (var cmd = silo.Database.CreateCommand("UPDATE grain_state SET version = $1 WHERE grain_type = 'counter' AND grain_id = 'big-version'"))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = big });
            await cmd.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        Assert.Equal(2, await grain.AddAsync(1));
        await using var read = silo.Database.CreateCommand("SELECT version FROM grain_state WHERE grain_type = 'counter' AND grain_id = 'big-version'");
        Assert.Equal(big + 1, await read.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task a_node_sees_a_write_made_by_another_node()
    {
        await using var a = await TestSilo.StartAsync(database.ConnectionString, nodeId: "node-a");
        await using var b = await TestSilo.StartAsync(database.ConnectionString, nodeId: "node-b");
        Assert.Equal(1, await a.Grains.GetGrain<ICounterGrain>("seen").AddAsync(1));
        Assert.Equal(11, await b.Grains.GetGrain<ICounterGrain>("seen").AddAsync(10));
        Assert.Equal(111, await a.Grains.GetGrain<ICounterGrain>("seen").AddAsync(100));
    }

    [Fact]
    public async Task a_turn_cannot_await_another_grains_write()
    {
        await using var silo = await TestSilo.StartAsync(database.ConnectionString,
            configure: s => Silo.Hosting.SiloServiceCollectionExtensions.AddGrain<ICallerGrain, CallerGrain>(s));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Grains.GetGrain<ICallerGrain>("c").CallOtherAsync());
        Assert.Contains("send a message", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await silo.Grains.GetGrain<ICounterGrain>("callee").GetAsync());
    }
}

public interface ICallerGrain : P4Orleans.Grains.IGrainWithStringKey
{
    Task CallOtherAsync();
}

[P4Orleans.Grains.GrainType("caller")]
public sealed class CallerGrain : P4Orleans.Grains.Grain<CounterState>, ICallerGrain
{
    public async Task CallOtherAsync() => await Context.Grains.GetGrain<ICounterGrain>("callee").AddAsync(1);
}
