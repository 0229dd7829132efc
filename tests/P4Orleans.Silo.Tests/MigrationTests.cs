using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using P4Orleans.Silo.Database;
using P4Orleans.Testing;

namespace P4Orleans.Silo.Tests;

public sealed class MigrationTests
{
    [Fact]
    public async Task a_fresh_database_migrates_and_a_second_run_is_a_no_op()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("fresh", empty: true);
        await using var db = NpgsqlDataSource.Create(cs);
        var migrator = new Migrator(db, NullLogger<Migrator>.Instance);

        Assert.False(await migrator.IsUpToDateAsync(TestContext.Current.CancellationToken));
        var first = await migrator.MigrateAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Migrator.All.Select(m => m.Number), first.Applied.Select(m => m.Number));
        Assert.True(await migrator.IsUpToDateAsync(TestContext.Current.CancellationToken));

        var second = await migrator.MigrateAsync(TestContext.Current.CancellationToken);
        Assert.Empty(second.Applied);
        Assert.Equal(Migrator.All.Count, second.AlreadyApplied);

        await using var cmd = db.CreateCommand("SELECT count(*) FROM schema_migrations");
        Assert.Equal((long)Migrator.All.Count, await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task nodes_starting_together_migrate_once()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("together", empty: true);
        await using var db = NpgsqlDataSource.Create(cs);
        var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(TestContext.Current.CancellationToken)));
        Assert.Equal(Migrator.All.Count, reports.Sum(r => r.Applied.Count));
    }

    [Fact]
    public async Task an_applied_migration_edited_afterwards_stops_the_start()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("edited");
        await using var db = NpgsqlDataSource.Create(cs);
        await using (var cmd = db.CreateCommand("UPDATE schema_migrations SET checksum = 'tampered' WHERE number = 1"))
        {
            await cmd.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new Migrator(db, NullLogger<Migrator>.Instance).MigrateAsync(TestContext.Current.CancellationToken));
        Assert.Contains("0001", error.Message, StringComparison.Ordinal);
    }
}
