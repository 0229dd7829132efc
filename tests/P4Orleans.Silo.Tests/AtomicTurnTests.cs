using System.Diagnostics;
using Npgsql;
using P4Orleans.Testing;
using P4Orleans.Testing.Grains;

namespace P4Orleans.Silo.Tests;

public sealed class AtomicTurnTests(ClassDatabase database) : IClassFixture<ClassDatabase>
{
    [Fact]
    public async Task a_turn_that_throws_leaves_no_state_journal_reminder_or_message_behind()
    {
        await using var silo = await TestSilo.StartAsync(database.ConnectionString);
        var counter = silo.Grains.GetGrain<ICounterGrain>("throws");
        await counter.AddAsync(1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => counter.AddThenFailAsync(10, "throws-target"));
        Assert.Equal("the turn fails after its changes", error.Message);

        Assert.Equal(1, await counter.GetAsync());
        Assert.Equal(2, await counter.AddAsync(1));
        Assert.Equal((0L, 0L, 0L), await EffectsOf(silo.Database, "throws", "throws-target"));
    }

    [Fact]
    public async Task a_grain_whose_very_first_turn_throws_answers_its_next_calls_normally()
    {
        await using var silo = await TestSilo.StartAsync(database.ConnectionString);
        var counter = silo.Grains.GetGrain<ICounterGrain>("first-turn-throws");

        // The first turn creates the grain's row, then throws: the row goes with the rolled-back transaction.
        await Assert.ThrowsAsync<InvalidOperationException>(() => counter.AddThenFailAsync(10, "first-turn-target"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => counter.AddThenFailAsync(10, "first-turn-target"));

        Assert.Equal(1, await counter.AddAsync(1));
        Assert.Equal(1, await counter.GetAsync());
    }

    [Fact]
    public async Task a_turn_that_succeeds_commits_state_journal_reminder_and_message_together()
    {
        await using var silo = await TestSilo.StartAsync(database.ConnectionString);
        await silo.Grains.GetGrain<ICounterGrain>("commits").AddWithEffectsAsync(3, "commits-target");
        Assert.Equal((1L, 1L, 1L), await EffectsOf(silo.Database, "commits", "commits-target"));
    }

    [Fact]
    public async Task a_node_killed_mid_turn_leaves_nothing_half_written()
    {
        await using var silo = await TestSilo.StartAsync(database.ConnectionString);
        var counter = silo.Grains.GetGrain<ICounterGrain>("killed");
        await counter.AddAsync(1);

        var child = Path.Combine(AppContext.BaseDirectory, "P4Orleans.Silo.Tests.Child.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { child, database.ConnectionString, "killed", "killed-target" })
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi)!;
        var paused = false;
        var readLine = process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken).AsTask();
        if (await Task.WhenAny(readLine, Task.Delay(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken)) == readLine)
        {
            paused = (await readLine)?.StartsWith("PAUSED-BEFORE-COMMIT", StringComparison.Ordinal) == true;
        }
        Assert.True(paused, "the child reached the point before COMMIT: " + (process.HasExited ? await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken) : "still running"));

        // The child's writes are in flight: the grain's row is locked by its open transaction.
        await using (var conn = await silo.Database.OpenConnectionAsync(TestContext.Current.CancellationToken))
        await using (var tx = await conn.BeginTransactionAsync(TestContext.Current.CancellationToken))
        await using (var probe = new NpgsqlCommand("SELECT 1 FROM grain_state WHERE grain_type = 'counter' AND grain_id = 'killed' FOR UPDATE NOWAIT", conn, tx))
        {
            var locked = await Assert.ThrowsAsync<PostgresException>(() => probe.ExecuteScalarAsync(TestContext.Current.CancellationToken));
            Assert.Equal(PostgresErrorCodes.LockNotAvailable, locked.SqlState);
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        // The server notices the dead connection and rolls its transaction back: the next turn gets the lock.
        Assert.Equal(2, await counter.AddAsync(1));
        Assert.Equal((0L, 0L, 0L), await EffectsOf(silo.Database, "killed", "killed-target"));
    }

    private static async Task<(long Journal, long Reminders, long Messages)> EffectsOf(NpgsqlDataSource db, string key, string target)
    {
        await using var cmd = db.CreateCommand("""
            SELECT (SELECT count(*) FROM grain_journal WHERE grain_type = 'counter' AND grain_id = $1),
                   (SELECT count(*) FROM reminders WHERE grain_type = 'counter' AND grain_id = $1),
                   (SELECT count(*) FROM outbox WHERE target_type = 'pinged' AND target_id = $2)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = key });
        cmd.Parameters.Add(new NpgsqlParameter { Value = target });
        await using var reader = await cmd.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        await reader.ReadAsync(TestContext.Current.CancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
