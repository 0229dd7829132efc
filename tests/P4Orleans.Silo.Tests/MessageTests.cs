using Npgsql;
using P4Orleans.Grains;
using P4Orleans.Testing;
using P4Orleans.Testing.Grains;

namespace P4Orleans.Silo.Tests;

public sealed class MessageTests
{
    [Fact]
    public async Task a_message_is_delivered_after_the_senders_turn_commits()
    {
        await using var silo = await TestSilo.StartAsync(await Fresh());
        await silo.Grains.GetGrain<IPingedGrain>("sender").SendAsync("receiver", 7);
        Assert.Equal(0, (await silo.Grains.GetGrain<IPingedGrain>("receiver").GetAsync()).Received);

        Assert.Equal(1, await silo.PollMessagesAsync());
        var state = await silo.Grains.GetGrain<IPingedGrain>("receiver").GetAsync();
        Assert.Equal((1, 7L), (state.Received, state.Total));
        Assert.Equal(0, await silo.PollMessagesAsync());
    }

    [Fact]
    public async Task a_message_delivered_twice_is_applied_once()
    {
        var db = await Fresh();
        await using var silo = await TestSilo.StartAsync(db);
        await silo.Grains.GetGrain<IPingedGrain>("dup-sender").SendAsync("dup-receiver", 5);
        Guid id;
        await using (var read = silo.Database.CreateCommand("SELECT id FROM outbox"))
        {
            id = (Guid)(await read.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        }
        Assert.Equal(1, await silo.PollMessagesAsync());

        // The same message arrives again (a sender's retry, a replayed outbox row).
        await using (var again = silo.Database.CreateCommand(
            "INSERT INTO outbox (id, target_type, target_id, message_type, payload, sent_at, next_attempt_at) " +
            "VALUES ($1, 'pinged', 'dup-receiver', 'test.ping', '{\"from\":\"dup-sender\",\"amount\":5}', now(), now() - interval '1 hour')"))
        {
            again.Parameters.Add(new NpgsqlParameter { Value = id });
            await again.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        Assert.Equal(1, await silo.PollMessagesAsync());

        var state = await silo.Grains.GetGrain<IPingedGrain>("dup-receiver").GetAsync();
        Assert.Equal((1, 5L), (state.Received, state.Total));
        Assert.Equal(1, silo.Runtime.Metrics.MessagesDuplicate);
        await using var left = silo.Database.CreateCommand("SELECT count(*) FROM outbox");
        Assert.Equal(0L, await left.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task a_failed_delivery_is_retried_later_and_then_applied_once()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(await Fresh(), time);
        var receiver = silo.Grains.GetGrain<IPingedGrain>("fails-once");
        await receiver.FailNextAsync(1);
        await silo.Grains.GetGrain<IPingedGrain>("retry-sender").SendAsync("fails-once", 3);

        Assert.Equal(1, await silo.PollMessagesAsync());
        Assert.Equal(0, (await receiver.GetAsync()).Received);
        await receiver.FailNextAsync(0);
        Assert.Equal(0, await silo.PollMessagesAsync());

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await silo.PollMessagesAsync());
        Assert.Equal(1, (await receiver.GetAsync()).Received);
    }

    [Fact]
    public async Task messages_sent_on_one_node_are_delivered_by_another_node_polling_in_the_background()
    {
        var db = await Fresh();
        await using var apiNode = await TestSilo.StartAsync(db, nodeId: "api-only", runBackground: true,
            settings: new Dictionary<string, string?> { ["Silo:Role"] = "Api" });
        await using var siloNode = await TestSilo.StartAsync(db, nodeId: "silo-only", runBackground: true,
            settings: new Dictionary<string, string?> { ["Silo:Role"] = "Silo", ["Silo:MessagePollInterval"] = "00:01:00" });

        for (var i = 0; i < 20; i++)
        {
            await apiNode.Grains.GetGrain<IPingedGrain>($"s{i}").SendAsync("fan-in", 1);
        }
        // The poll interval is a minute: delivery this fast comes from the NOTIFY wake-up.
        var state = await Eventually.ValueAsync(() => siloNode.Grains.GetGrain<IPingedGrain>("fan-in").GetAsync(), s => s.Received == 20);
        Assert.Equal(20, state.MessageIds.Distinct().Count());
    }

    [Fact]
    public async Task a_message_to_a_grain_type_that_does_not_receive_it_is_refused_at_send()
    {
        await using var silo = await TestSilo.StartAsync(await Fresh(),
            configure: s => Silo.Hosting.SiloServiceCollectionExtensions.AddGrain<IMisdirectedGrain, MisdirectedGrain>(s));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Grains.GetGrain<IMisdirectedGrain>("m").SendAsync());
        Assert.Contains("does not receive", error.Message, StringComparison.Ordinal);
    }

    private static Task<string> Fresh() => TestPostgres.CreateDatabaseAsync("messages");
}

public interface IMisdirectedGrain : IGrainWithStringKey
{
    Task SendAsync();
}

[GrainType("misdirected")]
public sealed class MisdirectedGrain : Grain<CounterState>, IMisdirectedGrain
{
    public Task SendAsync()
    {
        Context.Send(new GrainId("counter", "x"), new Ping(Key, 1));
        return Task.CompletedTask;
    }
}
