using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using P4Orleans.Silo.Database;
using P4Orleans.Silo.Hosting;
using P4Orleans.Testing;

namespace P4Orleans.Silo.Tests;

/// <summary>
/// The platform's pool does not reset a connection it takes back (<c>No Reset On Close</c>, unless the connection string
/// sets it): what a connection carries from one use to the next is nothing the platform leaves there.
/// </summary>
public sealed class PooledConnectionTests(ClassDatabase database) : IClassFixture<ClassDatabase>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("", true)]
    [InlineData(";No Reset On Close=false", false)]
    [InlineData(";noresetonclose=false", false)]
    [InlineData(";No Reset On Close=true", true)]
    public void the_pool_skips_the_reset_unless_the_connection_string_says_otherwise(string extra, bool expected)
    {
        using var provider = Provider(database.ConnectionString + extra);
        var pool = provider.GetRequiredService<NpgsqlDataSource>();
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(pool.ConnectionString).NoResetOnClose);
        Assert.Equal(32, new NpgsqlConnectionStringBuilder(pool.ConnectionString).MaxAutoPrepare);
    }

    [Fact]
    public async Task a_connection_taken_back_with_a_transaction_open_or_failed_is_rolled_back_before_its_next_use()
    {
        // One connection in the pool: every use below is the same server process.
        using var provider = Provider(database.ConnectionString + ";Maximum Pool Size=1");
        var pool = provider.GetRequiredService<NpgsqlDataSource>();
        await using (var setup = pool.CreateCommand("CREATE TABLE pooled_probe (v int)"))
        {
            await setup.ExecuteNonQueryAsync(Ct);
        }

        int first;
        await using (var conn = await pool.OpenConnectionAsync(Ct))
        {
            var tx = await conn.BeginTransactionAsync(Ct);
            await using var insert = new NpgsqlCommand("INSERT INTO pooled_probe VALUES (1); SELECT pg_backend_pid()", conn, tx);
            first = (int)(await insert.ExecuteScalarAsync(Ct))!;
            // Given back with the transaction neither committed nor disposed.
        }

        await using (var conn = await pool.OpenConnectionAsync(Ct))
        {
            var tx = await conn.BeginTransactionAsync(Ct);
            await using var fail = new NpgsqlCommand("SELECT 1 / 0", conn, tx);
            await Assert.ThrowsAsync<PostgresException>(() => fail.ExecuteScalarAsync(Ct));
            // Given back with the transaction failed.
        }

        await using var check = pool.CreateCommand(
            "SELECT pg_backend_pid(), (SELECT count(*) FROM pooled_probe), pg_current_xact_id_if_assigned() IS NULL");
        await using var r = await check.ExecuteReaderAsync(Ct);
        Assert.True(await r.ReadAsync(Ct));
        Assert.Equal((first, 0L, true), (r.GetInt32(0), r.GetInt64(1), r.GetBoolean(2)));
    }

    [Fact]
    public async Task the_migrator_leaves_no_advisory_lock_on_the_connection_it_gives_back()
    {
        using var provider = Provider(database.ConnectionString + ";Maximum Pool Size=1");
        var pool = provider.GetRequiredService<NpgsqlDataSource>();
        await new Migrator(pool, NullLogger<Migrator>.Instance).MigrateAsync(Ct);

        // The same server process, next use: it holds no advisory lock (the migrator's is session-wide).
        await using var locks = pool.CreateCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()");
        Assert.Equal(0L, await locks.ExecuteScalarAsync(Ct));
    }

    private static ServiceProvider Provider(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddP4Database(new ConfigurationBuilder().AddInMemoryCollection([new("ConnectionStrings:Postgres", connectionString)]).Build());
        return services.BuildServiceProvider();
    }
}
